import type { ReactNode } from "react";

/**
 * A wide table that scrolls sideways on a phone: focusable, so a keyboard can scroll it too (its section's heading
 * already names it; a region of its own would name it twice).
 */
export function ScrollArea({ children }: { children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling area must take focus for keyboard scrolling (WCAG 2.1.1)
    <div className="admin-scroll" tabIndex={0}>
      {children}
    </div>
  );
}
