import { parseAspectRatio } from "@/components/tasks/aspect-ratio";
import styles from "./aspect-ratio-picker.module.css";

interface AspectRatioPickerProps {
  legend: string;
  ratios: readonly string[];
  value: string;
  /** The name shown for FLUX Kontext's `match_input_image` (the edited image's own ratio). */
  matchInputLabel: string;
  onChange: (ratio: string) => void;
}

const BOX = 26;

/** A rectangle of the ratio's real proportions, fitted into a BOX×BOX square. */
function shapeSize(ratio: string): { width: number; height: number } {
  const parsed = parseAspectRatio(ratio);
  if (!parsed) return { width: BOX, height: BOX };
  const scale = BOX / Math.max(parsed.width, parsed.height);
  return { width: Math.round(parsed.width * scale), height: Math.round(parsed.height * scale) };
}

export function AspectRatioPicker({ legend, ratios, value, matchInputLabel, onChange }: AspectRatioPickerProps) {
  return (
    <fieldset className={styles.group}>
      <legend className={styles.legend}>{legend}</legend>
      <div className={styles.list}>
        {ratios.map((ratio) => (
          <label key={ratio} className={styles.option}>
            <input
              type="radio"
              name="aspect_ratio"
              value={ratio}
              className={styles.input}
              checked={ratio === value}
              onChange={() => onChange(ratio)}
            />
            <span className={styles.face}>
              <span className={styles.frame} aria-hidden="true">
                <span className={styles.shape} style={shapeSize(ratio)} />
              </span>
              <span className={styles.name}>{ratio === "match_input_image" ? matchInputLabel : ratio}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
