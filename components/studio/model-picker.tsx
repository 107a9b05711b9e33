import { ClockIcon } from "@/components/ui/icons";
import type { Dictionary } from "@/lib/shared/i18n/en";
import { format } from "@/lib/shared/i18n/format";
import { isLocale } from "@/lib/shared/i18n/locales";
import { formatUsd, microsToUsd } from "@/lib/shared/money";
import { MODEL_PURPOSES } from "@/lib/shared/models/catalogue";
import type { ModelOption } from "@/lib/shared/models/options";
import { defaultPriceMicros } from "./generation-price";
import styles from "./model-picker.module.css";

interface ModelPickerProps {
  models: readonly ModelOption[];
  value: string;
  locale: string;
  strings: Dictionary["studio"];
  onChange: (key: string) => void;
}

/**
 * The models as cards grouped by what they are for, each with its speed and the price of one image at its defaults
 * (the composer's cost line prices the actual request). One radio group across the sections: arrow keys go through all.
 */
export function ModelPicker({ models, value, locale, strings, onChange }: ModelPickerProps) {
  const usd = (micros: number) => formatUsd(microsToUsd(micros), isLocale(locale) ? locale : "en");
  const sections = MODEL_PURPOSES.map((purpose) => ({ purpose, models: models.filter((model) => model.purpose === purpose) })).filter(
    (section) => section.models.length > 0,
  );
  return (
    <fieldset className={styles.group}>
      <legend className={styles.legend}>{strings.modelLegend}</legend>
      {sections.map((section) => (
        <fieldset key={section.purpose} className={styles.section}>
          <legend className={styles.purpose}>{strings.purposes[section.purpose]}</legend>
          <div className={styles.list}>
            {section.models.map((model) => {
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
                      <span className={styles.metaItem}>{format(strings.pricePerImage, { price: usd(defaultPriceMicros(model)) })}</span>
                    </span>
                  </span>
                </label>
              );
            })}
          </div>
        </fieldset>
      ))}
    </fieldset>
  );
}
