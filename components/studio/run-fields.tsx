"use client";

import { RUN_MAX_MODELS, RUN_MAX_PROMPTS, RUN_MIN_MODELS } from "@/lib/shared/limits";
import { describedBy, inputClass } from "@/components/ui/field";
import type { Dictionary } from "@/lib/shared/i18n/en";
import { format } from "@/lib/shared/i18n/format";
import { isLocale } from "@/lib/shared/i18n/locales";
import { formatUsd, microsToUsd } from "@/lib/shared/money";
import type { ModelOption } from "@/lib/shared/models/options";
import { defaultPriceMicros } from "./generation-price";
import pickerStyles from "./model-picker.module.css";
import styles from "./run-fields.module.css";
import { promptLines } from "./run-request";

interface CompareModelPickerProps {
  models: readonly ModelOption[];
  value: readonly string[];
  locale: string;
  strings: Dictionary["runs"];
  problem: string | null;
  onChange: (keys: string[]) => void;
}

/** Compare mode's models: 2–4 checkboxes in the model cards' look; the rest are disabled once four are chosen. */
export function CompareModelPicker({ models, value, locale, strings, problem, onChange }: CompareModelPickerProps) {
  const usd = (micros: number) => formatUsd(microsToUsd(micros), isLocale(locale) ? locale : "en");
  const full = value.length >= RUN_MAX_MODELS;
  const limits = { min: RUN_MIN_MODELS, max: RUN_MAX_MODELS };
  return (
    <fieldset className={pickerStyles.group} aria-describedby={describedBy("compare-models", { hint: true, error: problem })}>
      <legend className={pickerStyles.legend}>{strings.compareLegend}</legend>
      <p id="compare-models-hint" className={styles.hint}>
        {format(strings.compareHint, limits)}{" "}
        <span className={styles.count}>{format(strings.compareCount, { count: value.length, max: RUN_MAX_MODELS })}</span>
      </p>
      <div className={pickerStyles.list}>
        {models.map((model) => {
          const checked = value.includes(model.key);
          return (
            <label key={model.key} className={pickerStyles.card}>
              <input
                type="checkbox"
                name="compare-model"
                value={model.key}
                className={pickerStyles.input}
                checked={checked}
                disabled={full && !checked}
                onChange={() => onChange(checked ? value.filter((key) => key !== model.key) : [...value, model.key])}
              />
              <span className={`${pickerStyles.face} ${full && !checked ? styles.unavailable : ""}`}>
                <span className={pickerStyles.head}>
                  <span className={pickerStyles.name}>{model.label}</span>
                  <span className={pickerStyles.speed}>{model.speedLabel}</span>
                </span>
                <span className={styles.meta}>
                  {model.typicalSecondsLabel} · {usd(defaultPriceMicros(model))}
                </span>
              </span>
            </label>
          );
        })}
      </div>
      {problem ? (
        <p id="compare-models-error" className={styles.error}>
          {problem}
        </p>
      ) : full ? (
        <p className={styles.hint}>{format(strings.compareFull, limits)}</p>
      ) : null}
    </fieldset>
  );
}

interface PromptListProps {
  value: string;
  strings: Dictionary["runs"];
  problem: string | null;
  onChange: (value: string) => void;
  onSubmitShortcut: () => void;
}

const LIST_ID = "prompt-list";

/** Several-prompts mode: one prompt a line, up to ten, each one task with the chosen model. */
export function PromptList({ value, strings, problem, onChange, onSubmitShortcut }: PromptListProps) {
  const count = promptLines(value).length;
  return (
    <div className={styles.box}>
      <label htmlFor={LIST_ID} className={styles.label}>
        {strings.promptsLabel}
      </label>
      <textarea
        id={LIST_ID}
        name="prompts"
        className={`${inputClass} ${styles.textarea}`}
        rows={6}
        value={value}
        aria-invalid={problem ? true : undefined}
        aria-describedby={describedBy(LIST_ID, { hint: true, error: problem })}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            onSubmitShortcut();
          }
        }}
      />
      {problem ? (
        <p id={`${LIST_ID}-error`} className={styles.error}>
          {problem}
        </p>
      ) : null}
      <p id={`${LIST_ID}-hint`} className={styles.hint}>
        {format(strings.promptsHint, { max: RUN_MAX_PROMPTS })}{" "}
        <span className={count > RUN_MAX_PROMPTS ? styles.over : styles.count}>{format(strings.promptsCount, { count, max: RUN_MAX_PROMPTS })}</span>
      </p>
    </div>
  );
}
