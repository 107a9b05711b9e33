import { ClockIcon } from "@/components/ui/icons";
import type { ModelOption } from "@/lib/shared/models/options";
import styles from "./model-picker.module.css";

interface ModelPickerProps {
  legend: string;
  pricePerImage: (price: string) => string;
  models: readonly ModelOption[];
  value: string;
  onChange: (key: string) => void;
}

export function ModelPicker({ legend, pricePerImage, models, value, onChange }: ModelPickerProps) {
  return (
    <fieldset className={styles.group}>
      <legend className={styles.legend}>{legend}</legend>
      <div className={styles.list}>
        {models.map((model) => {
          const id = `model-${model.key}`;
          return (
            <label key={model.key} className={styles.card}>
              <input
                type="radio"
                name="model"
                value={model.key}
                className={styles.input}
                checked={model.key === value}
                aria-labelledby={`${id}-name`}
                aria-describedby={`${id}-speed ${id}-description ${id}-meta`}
                onChange={() => onChange(model.key)}
              />
              <span className={styles.face}>
                <span className={styles.head}>
                  <span id={`${id}-name`} className={styles.name}>
                    {model.label}
                  </span>
                  <span id={`${id}-speed`} className={styles.speed}>
                    {model.speedLabel}
                  </span>
                </span>
                <span id={`${id}-description`} className={styles.description}>
                  {model.description}
                </span>
                <span id={`${id}-meta`} className={styles.meta}>
                  <span className={styles.metaItem}>
                    <ClockIcon width={13} height={13} />
                    {model.typicalSecondsLabel}
                  </span>
                  <span className={styles.metaItem}>{pricePerImage(model.priceLabel)}</span>
                </span>
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
