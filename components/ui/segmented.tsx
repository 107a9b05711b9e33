import styles from "./segmented.module.css";

interface SegmentedProps<Value extends string | number> {
  name: string;
  legend: string;
  options: readonly { value: Value; label: string; disabled?: boolean }[];
  value: Value;
  onChange: (value: Value) => void;
  /** Equal columns across the whole width (for labels too long to sit in one pill row). */
  fill?: boolean;
}

/** A row of mutually exclusive choices on native radios: arrow keys move between them. */
export function Segmented<Value extends string | number>({ name, legend, options, value, onChange, fill = false }: SegmentedProps<Value>) {
  return (
    <fieldset className={styles.group}>
      <legend className={styles.legend}>{legend}</legend>
      <div className={fill ? `${styles.options} ${styles.fill}` : styles.options}>
        {options.map((option) => (
          <label key={option.value} className={styles.option}>
            <input
              type="radio"
              name={name}
              className={styles.input}
              value={option.value}
              checked={option.value === value}
              disabled={option.disabled}
              onChange={() => onChange(option.value)}
            />
            <span className={styles.face}>{option.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
