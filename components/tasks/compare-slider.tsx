"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";
import { type Placement, placedBox } from "./compare-placement";
import styles from "./compare-slider.module.css";

interface CompareSliderProps {
  before: { url: string; alt: string };
  after: { url: string; alt: string };
  label: string;
  beforeLabel: string;
  afterLabel: string;
  /** Shown instead when the "before" image cannot be loaded (an upload is visible to its owner alone). */
  fallback: ReactNode;
  /**
   * Where the "before" image sits inside the "after" one, when the after is a larger frame around it (an expansion):
   * in percent of the after image, which has `size`. Without it both fill the frame.
   */
  placement?: Placement;
}

/**
 * Before and after stacked in one frame; a range input moves the line between them (keyboard and pointer alike).
 * The split is set through the CSSOM, not a style attribute, so the page's CSP needs no inline styles.
 */
export function CompareSlider({ before, after, label, beforeLabel, afterLabel, fallback, placement }: CompareSliderProps) {
  const [split, setSplit] = useState(50);
  const [beforeMissing, setBeforeMissing] = useState(false);
  const frame = useRef<HTMLDivElement>(null);
  const box = placement ? placedBox(placement) : null;

  useEffect(() => {
    frame.current?.style.setProperty("--split", `${split}%`);
  }, [split]);

  if (beforeMissing) return <>{fallback}</>;
  return (
    <div ref={frame} className={styles.frame} data-testid="compare-slider">
      {/* eslint-disable-next-line @next/next/no-img-element -- served by our own API */}
      <img className={styles.image} src={after.url} alt={after.alt} decoding="async" />
      <span className={`${styles.layer} ${styles.before}`}>
        {/* eslint-disable-next-line @next/next/no-img-element -- served by our own API */}
        <img
          className={styles.image}
          style={box ? { left: `${box.left}%`, top: `${box.top}%`, width: `${box.width}%`, height: `${box.height}%` } : undefined}
          src={before.url}
          alt={before.alt}
          decoding="async"
          onError={() => setBeforeMissing(true)}
        />
      </span>
      <span className={styles.line} aria-hidden="true" />
      <span className={`${styles.tag} ${styles.tagBefore}`} aria-hidden="true">
        {beforeLabel}
      </span>
      <span className={`${styles.tag} ${styles.tagAfter}`} aria-hidden="true">
        {afterLabel}
      </span>
      <input
        className={styles.range}
        type="range"
        min={0}
        max={100}
        value={split}
        aria-label={label}
        aria-valuetext={`${beforeLabel} ${split}%`}
        onChange={(event) => setSplit(Number(event.target.value))}
      />
    </div>
  );
}
