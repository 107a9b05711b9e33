"use client";

import { describedBy, Field, inputClass } from "@/components/ui/field";
import { Segmented } from "@/components/ui/segmented";
import type { Dictionary } from "@/lib/shared/i18n/en";
import { OUTPUT_FORMATS, type OutputFormat } from "@/lib/shared/limits";
import type { ComposerValues, InvalidField } from "./build-generate-request";
import styles from "./advanced-options.module.css";

export interface AdvancedFieldsProps {
  values: ComposerValues;
  maxOutputs: number;
  outputFormats: readonly OutputFormat[];
  supportsLora: boolean;
  invalidField: InvalidField | null;
  strings: Dictionary["studio"];
  onChange: (patch: Partial<ComposerValues>) => void;
}

const OUTPUT_COUNTS = [1, 2, 3, 4] as const;

/** Seed, number of images, format and LoRA: what the closed "Advanced" section holds. */
export function AdvancedFields({ values, maxOutputs, outputFormats, supportsLora, invalidField, strings, onChange }: AdvancedFieldsProps) {
  const seedError = invalidField === "seed" ? strings.seedInvalid : null;
  const scaleError = invalidField === "loraScale" ? strings.loraScaleInvalid : null;
  return (
    <div className={styles.body}>
      <Field id="seed" label={strings.seedLabel} hint={strings.seedHint} error={seedError}>
        <input
          id="seed"
          className={inputClass}
          inputMode="numeric"
          autoComplete="off"
          value={values.seed}
          aria-invalid={seedError ? true : undefined}
          aria-describedby={describedBy("seed", { hint: true, error: seedError })}
          onChange={(event) => onChange({ seed: event.target.value })}
        />
      </Field>
      <div className={styles.row}>
        <Segmented
          name="num_outputs"
          legend={strings.numOutputsLabel}
          options={OUTPUT_COUNTS.map((count) => ({ value: count, label: String(count), disabled: count > maxOutputs }))}
          value={Math.min(values.numOutputs, maxOutputs)}
          onChange={(numOutputs) => onChange({ numOutputs })}
        />
        <Segmented
          name="output_format"
          legend={strings.formatLabel}
          options={OUTPUT_FORMATS.map((value) => ({ value, label: value.toUpperCase(), disabled: !outputFormats.includes(value) }))}
          value={outputFormats.includes(values.outputFormat) ? values.outputFormat : (outputFormats[0] ?? "webp")}
          onChange={(outputFormat) => onChange({ outputFormat })}
        />
      </div>
      {supportsLora ? (
        <div className={styles.lora}>
          <Field id="lora-weights" label={strings.loraWeightsLabel} hint={strings.loraWeightsHint}>
            <input
              id="lora-weights"
              className={inputClass}
              autoComplete="off"
              spellCheck={false}
              placeholder={strings.loraWeightsPlaceholder}
              value={values.loraWeights}
              aria-describedby="lora-weights-hint"
              onChange={(event) => onChange({ loraWeights: event.target.value })}
            />
          </Field>
          <Field id="lora-scale" label={strings.loraScaleLabel} error={scaleError}>
            <div className={styles.scale}>
              <input
                type="range"
                className={styles.range}
                min={-1}
                max={3}
                step={0.05}
                value={Number.isFinite(Number(values.loraScale)) ? values.loraScale : "1"}
                aria-hidden="true"
                tabIndex={-1}
                onChange={(event) => onChange({ loraScale: event.target.value })}
              />
              <input
                id="lora-scale"
                className={`${inputClass} ${styles.scaleNumber}`}
                type="number"
                min={-1}
                max={3}
                step={0.05}
                value={values.loraScale}
                aria-invalid={scaleError ? true : undefined}
                aria-describedby={describedBy("lora-scale", { error: scaleError })}
                onChange={(event) => onChange({ loraScale: event.target.value })}
              />
            </div>
          </Field>
        </div>
      ) : null}
    </div>
  );
}
