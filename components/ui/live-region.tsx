"use client";

import { useCallback, useEffect, useRef, useState } from "react";

/**
 * One polite live region per page. Clearing it before each message makes screen readers
 * read a message again even when it repeats the previous one.
 */
export function useAnnouncer(): { message: string; announce: (message: string) => void } {
  const [message, setMessage] = useState("");
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const announce = useCallback((next: string) => {
    setMessage("");
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setMessage(next), 100);
  }, []);
  return { message, announce };
}

export function LiveRegion({ message }: { message: string }) {
  return (
    <div className="sr-only" role="status" aria-live="polite" aria-atomic="true">
      {message}
    </div>
  );
}
