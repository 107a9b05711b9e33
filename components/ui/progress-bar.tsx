import styles from "./progress-bar.module.css";

interface ProgressBarProps {
  /** 0..100, or null while the amount is unknown (shown as an indeterminate bar). */
  value: number | null;
  label: string;
  /** Adds a moving sheen so a bar still at 0 shows that work is going on. */
  busy?: boolean;
}

export function ProgressBar({ value, label, busy = false }: ProgressBarProps) {
  const clamped = value === null ? null : Math.min(100, Math.max(0, Math.round(value)));
  return (
    <div
      className={busy ? `${styles.track} ${styles.busy}` : styles.track}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={clamped ?? undefined}
      aria-valuetext={clamped === null ? undefined : `${clamped}%`}
    >
      <div
        className={clamped === null ? styles.indeterminate : styles.fill}
        style={clamped === null ? undefined : { transform: `scaleX(${clamped / 100})` }}
      />
    </div>
  );
}
