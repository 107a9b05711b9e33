import type { ReactNode } from "react";

/**
 * SVG text scales with its drawing, so one viewBox cannot read well on both a desktop card and a phone.
 * Each chart is drawn twice and the stylesheet shows the one that fits: no client code measures anything.
 */
export function ResponsiveChart({ wide, narrow }: { wide: ReactNode; narrow: ReactNode }) {
  return (
    <>
      <div className="chart-wide">{wide}</div>
      <div className="chart-narrow">{narrow}</div>
    </>
  );
}
