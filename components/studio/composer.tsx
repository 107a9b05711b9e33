"use client";

import { useEffect, useState, type FormEvent } from "react";
import type { ApiFailure } from "@/components/api-client/api-result";
import { classifyFailure } from "@/components/api-client/classify-failure";
import { sendGenerate } from "@/components/api-client/endpoints";
import { FailureNotice } from "@/components/feedback/failure-notice";
import { useCountdown } from "@/components/feedback/use-countdown";
import { Button } from "@/components/ui/button";
import { SparklesIcon } from "@/components/ui/icons";
import { Toggle } from "@/components/ui/toggle";
import type { Dictionary } from "@/lib/shared/i18n/en";
import { format } from "@/lib/shared/i18n/format";
import { AdvancedOptions } from "./advanced-options";
import { AspectRatioPicker } from "./aspect-ratio-picker";
import { buildGenerateRequest, type ComposerValues, type InvalidField } from "./build-generate-request";
import type { ComposerPreset } from "./composer-preset";
import styles from "./composer.module.css";
import { InputImageField } from "./input-image-field";
import type { ModelOption } from "@/lib/shared/models/options";
import { ModelPicker } from "./model-picker";
import { PromptBox } from "./prompt-box";
import { BudgetNotice } from "./budget-notice";
import { SpendLine } from "./spend-line";
import { microsToUsd } from "@/lib/shared/money";
import { priceMicrosOfInput } from "@/lib/shared/models/price";
import { useSpend } from "./use-spend";
import type { TaskView } from "@/lib/shared/task-view";

interface ComposerProps {
  locale: string;
  models: readonly ModelOption[];
  strings: Dictionary["studio"];
  errorStrings: Dictionary["errors"];
  onCreated: (task: TaskView, expectedImages: number) => void;
  onAnnounce: (message: string) => void;
  /** Settings put in from outside: "Use these settings", "Edit this image", a remix link. */
  preset?: ComposerPreset | null;
}

export function Composer({ locale, models, strings, errorStrings, onCreated, onAnnounce, preset }: ComposerProps) {
  const [values, setValues] = useState<ComposerValues>(() => ({
    prompt: "",
    model: models[0]?.key ?? "flux-schnell",
    aspectRatio: "1:1",
    isPrivate: false,
    seed: "",
    numOutputs: 1,
    outputFormat: "webp",
    loraWeights: "",
    loraScale: "1",
    inputImage: null,
    parentId: null,
    carried: {},
  }));
  const [invalidField, setInvalidField] = useState<InvalidField | null>(null);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // After a 429 the server said when to come back; until then another click would only be refused.
  // (A budget refusal's Retry-After is hours away: the budget notice says when, in words.)
  const waitSeconds = useCountdown(failure?.status === 429 && failure.code !== "budget_exceeded" ? (failure.retryAfterSeconds ?? null) : null);
  const { spend, refresh: refreshSpend } = useSpend();

  const model = models.find((option) => option.key === values.model) ?? models[0];
  const ratios = model?.aspectRatios ?? ["1:1"];
  const aspectRatio = ratios.includes(values.aspectRatio) ? values.aspectRatio : (ratios[0] ?? "1:1");
  const imageCount = model && model.maxOutputs > 1 ? Math.min(values.numOutputs, model.maxOutputs) : 1;
  const costUsd = model ? microsToUsd(priceMicrosOfInput(model.key, model.price, { num_outputs: imageCount })) : 0;
  // Micro-dollar slack: both sides are sums of prices with a few decimals.
  const overBudget = spend !== null && spend.available_usd !== null && costUsd > spend.available_usd + 1e-9;

  const update = (patch: Partial<ComposerValues>) => {
    // Knobs carried from another task belong to its model; a different model starts without them.
    setValues((current) => ({
      ...current,
      ...(patch.model !== undefined && patch.model !== current.model ? modelSwitch(current.model, patch.model) : {}),
      ...patch,
    }));
    if (invalidField && Object.keys(patch).some((key) => key === invalidField)) setInvalidField(null);
  };

  // Carried knobs belong to the model they came from; moving into or out of editing takes the new model's own shape
  // (an edit keeps its image's ratio by default).
  function modelSwitch(from: string, to: string): Partial<ComposerValues> {
    const before = models.find((option) => option.key === from);
    const after = models.find((option) => option.key === to);
    const editing = Boolean(before?.editsImage) !== Boolean(after?.editsImage);
    return { carried: {}, parentId: null, ...(editing && after ? { aspectRatio: after.defaultAspectRatio } : {}) };
  }

  useEffect(() => {
    if (!preset) return;
    setValues((current) => ({ ...current, ...preset.values }));
    setInvalidField(null);
    setFailure(null);
    document.getElementById("prompt")?.focus();
    onAnnounce(strings.settingsApplied);
  }, [preset, onAnnounce, strings.settingsApplied]);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!model || submitting || waitSeconds > 0 || overBudget) return;
    const built = buildGenerateRequest({ ...values, aspectRatio }, model, locale);
    if (!built.ok) {
      setInvalidField(built.field);
      const focusId = { prompt: "prompt", seed: "seed", loraScale: "lora-scale", inputImage: "input-image-file" }[built.field];
      requestAnimationFrame(() => document.getElementById(focusId)?.focus());
      return;
    }
    setInvalidField(null);
    setFailure(null);
    setSubmitting(true);
    const result = await sendGenerate(built.body);
    setSubmitting(false);
    refreshSpend();
    if (result.ok) {
      // The next image from this form is a fresh start unless settings are put in again.
      setValues((current) => ({ ...current, parentId: null }));
      onCreated(result.data.task, imageCount);
    } else {
      setFailure(result.error);
      onAnnounce(errorStrings[classifyFailure(result.error)].title);
    }
  }

  return (
    <form className={styles.composer} aria-label={strings.formLabel} onSubmit={submit} noValidate>
      <PromptBox
        value={values.prompt}
        onChange={(prompt) => update({ prompt })}
        invalid={invalidField === "prompt"}
        locale={locale}
        strings={strings}
        errorStrings={errorStrings}
        onSubmitShortcut={() => void submit()}
        onAnnounce={onAnnounce}
      />
      {model?.editsImage ? (
        <InputImageField
          value={values.inputImage}
          invalid={invalidField === "inputImage"}
          strings={strings}
          errorStrings={errorStrings}
          onChange={(inputImage) => update({ inputImage })}
        />
      ) : null}
      <ModelPicker
        legend={strings.modelLegend}
        pricePerImage={(price) => format(strings.pricePerImage, { price })}
        models={models}
        value={values.model}
        onChange={(key) => update({ model: key })}
      />
      <AspectRatioPicker
        legend={strings.aspectLegend}
        ratios={ratios}
        value={aspectRatio}
        matchInputLabel={strings.matchInputImage}
        onChange={(ratio) => update({ aspectRatio: ratio })}
      />
      <Toggle
        id="is-private"
        label={strings.privateLabel}
        hint={strings.privateHint}
        checked={values.isPrivate}
        onChange={(isPrivate) => update({ isPrivate })}
      />
      <AdvancedOptions
        values={values}
        maxOutputs={model?.maxOutputs ?? 1}
        outputFormats={model?.outputFormats ?? ["webp"]}
        supportsLora={model?.supportsLora ?? false}
        invalidField={invalidField}
        strings={strings}
        onChange={update}
      />
      {failure && !(overBudget && failure.code === "budget_exceeded") ? <FailureNotice failure={failure} strings={errorStrings} /> : null}
      {overBudget && spend ? <BudgetNotice costUsd={costUsd} spend={spend} locale={locale} strings={strings} /> : null}
      <div className={styles.submitRow}>
        <Button
          type="submit"
          variant="primary"
          size="lg"
          className={styles.submit}
          disabled={submitting || waitSeconds > 0 || overBudget}
          aria-busy={submitting}
        >
          <SparklesIcon />
          {submitting ? strings.submitting : strings.submit}
          {waitSeconds > 0 ? <span className={styles.wait}>{` ${waitSeconds} s`}</span> : null}
        </Button>
        {model ? (
          <SpendLine imageCount={imageCount} priceLabel={model.priceLabel} costUsd={costUsd} spend={spend} locale={locale} strings={strings} />
        ) : null}
      </div>
    </form>
  );
}
