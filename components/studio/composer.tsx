"use client";

import { Suspense, useEffect, useRef, useState, type FormEvent } from "react";
import type { ApiFailure } from "@/components/api-client/api-result";
import { sendGenerate } from "@/components/api-client/endpoints";
import { FailureNotice, failureTitle, preloadFailureNotice } from "@/components/feedback/deferred-failure-notice";
import { useCountdown } from "@/components/feedback/use-countdown";
import { Button } from "@/components/ui/button";
import { SparklesIcon } from "@/components/ui/icons";
import { Toggle } from "@/components/ui/toggle";
import type { Dictionary } from "@/lib/shared/i18n/en";
import { format } from "@/lib/shared/i18n/format";
import { AdvancedOptions } from "./advanced-options";
import { AspectRatioPicker } from "./aspect-ratio-picker";
import type { ComposerValues, InvalidField } from "./build-generate-request";
import type { ComposerPreset } from "./composer-preset";
import styles from "./composer.module.css";
import { chosenResolution, defaultPriceMicros, generationPriceMicros, sentImages } from "./generation-price";
import {
  BudgetNotice,
  CompareModelPicker,
  ResolutionSelect,
  InputImageField,
  loadRequestBuilder,
  loadStartRun,
  PromptList,
  preloadDeferred,
  ReferenceImagesField,
} from "./deferred";
import type { ModelOption } from "@/lib/shared/models/options";
import { ModelPicker } from "./model-picker";
import { PromptBox } from "./prompt-box";
import { addReferences, type PickedImage, trimReferences } from "./reference-list";
import { SpendLine } from "./spend-line";
import { microsToUsd } from "@/lib/shared/money";
import { useSpend } from "./use-spend";
import type { TaskView } from "@/lib/shared/task-view";
import type { ToolImage } from "@/components/image-tools/tool-request";
import type { RunView } from "@/components/api-client/run-types";
import { Segmented } from "@/components/ui/segmented";
import { promptLines, type RunMode, sharedRatios } from "./run-request";

type RequestBuilder = Awaited<ReturnType<typeof loadRequestBuilder>>["buildGenerateRequest"];

interface ComposerProps {
  locale: string;
  models: readonly ModelOption[];
  strings: Dictionary["studio"];
  runStrings: Dictionary["runs"];
  errorStrings: Dictionary["errors"];
  onCreated: (task: TaskView, expectedImages: number) => void;
  /** A compare or several-prompts run the API accepted. */
  onRunCreated: (run: RunView, mode: Exclude<RunMode, "single">, expectedImages: number) => void;
  onAnnounce: (message: string) => void;
  /** Settings put in from outside: "Use these settings", "Edit this image", a remix link. */
  preset?: ComposerPreset | null;
  /** "Erase or replace" on the image picked to edit (an upload or a result); absent without a fill model. */
  onErase?: (image: ToolImage) => void;
  eraseLabel: string;
}

export function Composer({
  locale,
  models,
  strings,
  runStrings,
  errorStrings,
  onCreated,
  onRunCreated,
  onAnnounce,
  preset,
  onErase,
  eraseLabel,
}: ComposerProps) {
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
    references: [],
    resolution: "",
    parentId: null,
    carried: {},
  }));
  const [invalidField, setInvalidField] = useState<InvalidField | null>(null);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [mode, setMode] = useState<RunMode>("single");
  const [comparePicks, setComparePicks] = useState<string[]>([]);
  const [promptList, setPromptList] = useState("");
  /** Why the compare models or the prompt list cannot be sent, in words, until they change. */
  const [runProblem, setRunProblem] = useState<string | null>(null);
  /** What the reference list last refused or dropped, shown beside it until the list changes. */
  const [referenceNote, setReferenceNote] = useState<string | null>(null);
  // "Use as reference" arrives as a preset: it adds to the list as it is when it arrives.
  const formNow = useRef(values);
  formNow.current = values;
  // After a 429 the server said when to come back; until then another click would only be refused.
  // (A budget refusal's Retry-After is hours away: the budget notice says when, in words.)
  const waitSeconds = useCountdown(failure?.status === 429 && failure.code !== "budget_exceeded" ? (failure.retryAfterSeconds ?? null) : null);
  const { spend, refresh: refreshSpend } = useSpend();
  useEffect(() => {
    preloadDeferred();
    preloadFailureNotice();
  }, []);

  const model = models.find((option) => option.key === values.model) ?? models[0];
  // Compare runs take only settings every model shares, so a model that needs an image to edit is not offered.
  const comparable = models.filter((option) => !option.editsImage);
  const picked = comparable.filter((option) => comparePicks.includes(option.key));
  const lines = promptLines(promptList);
  const ratios = mode === "compare" ? sharedRatios(picked.length > 0 ? picked : comparable.slice(0, 1)) : (model?.aspectRatios ?? ["1:1"]);
  const aspectRatio = ratios.includes(values.aspectRatio) ? values.aspectRatio : (ratios[0] ?? "1:1");
  const imageCount = model && model.maxOutputs > 1 ? Math.min(values.numOutputs, model.maxOutputs) : 1;
  // The server's price function on this very request, so the label, the budget check and the reservation agree.
  const choice = { imageCount, resolution: values.resolution, inputImage: values.inputImage, references: values.references };
  const costUsd = model ? microsToUsd(generationPriceMicros(model, choice)) : 0;
  const unitUsd = model ? microsToUsd(generationPriceMicros(model, { ...choice, imageCount: 1 })) : 0;
  const hasImages = model ? sentImages(model, values).length > 0 : false;
  // A run is reserved whole: the sum of its tasks' prices, each as the server prices it.
  const run =
    mode === "compare"
      ? { tasks: picked.length, usd: microsToUsd(picked.reduce((sum, option) => sum + defaultPriceMicros(option), 0)) }
      : mode === "prompts"
        ? { tasks: lines.length, usd: costUsd * lines.length }
        : null;
  const totalUsd = run ? run.usd : costUsd;
  // Micro-dollar slack: both sides are sums of prices with a few decimals.
  const overBudget = spend !== null && spend.available_usd !== null && totalUsd > spend.available_usd + 1e-9;

  const note = (message: string | null) => {
    setReferenceNote(message);
    if (message) onAnnounce(message);
  };

  const update = (patch: Partial<ComposerValues>) => {
    if (patch.model !== undefined && patch.model !== values.model) note(droppedNote(patch.model, values.references.length));
    // Knobs carried from another task belong to its model; a different model starts without them.
    setValues((current) => ({
      ...current,
      ...(patch.model !== undefined && patch.model !== current.model ? modelSwitch(current.model, patch.model, current.references) : {}),
      ...patch,
    }));
    if (invalidField && Object.keys(patch).some((key) => key === invalidField)) setInvalidField(null);
  };

  // Carried knobs belong to the model they came from; moving into or out of editing takes the new model's own shape
  // (an edit keeps its image's ratio by default).
  function modelSwitch(from: string, to: string, references: readonly PickedImage[]): Partial<ComposerValues> {
    const before = models.find((option) => option.key === from);
    const after = models.find((option) => option.key === to);
    const editing = Boolean(before?.editsImage) !== Boolean(after?.editsImage);
    return {
      carried: {},
      parentId: null,
      // The first ones stay, so "image 1" in the prompt still means the same image.
      references: trimReferences(references, after?.maxInputImages ?? 0).list,
      ...(editing && after ? { aspectRatio: after.defaultAspectRatio } : {}),
    };
  }

  /** What switching to `to` drops of `count` references, in words; null when all stay. */
  function droppedNote(to: string, count: number): string | null {
    const after = models.find((option) => option.key === to);
    if (!after || count <= after.maxInputImages) return null;
    const words = after.maxInputImages > 0 ? strings.referencesTrimmed : strings.referencesRemovedAll;
    return format(words, { model: after.label, max: after.maxInputImages });
  }

  /** "Use as reference": into the list of the model picked, or of the first model that reads references. */
  function addReference(image: PickedImage) {
    const now = formNow.current;
    const picked = models.find((option) => option.key === now.model);
    const target = picked && picked.maxInputImages > 0 ? picked : models.find((option) => option.maxInputImages > 0);
    if (!target) return;
    const switching = target.key !== now.model;
    const result = addReferences(switching ? [] : now.references, [image], target.maxInputImages);
    setValues((latest) => ({
      ...latest,
      ...(switching ? { ...modelSwitch(latest.model, target.key, latest.references), model: target.key } : {}),
      references: addReferences(switching ? [] : latest.references, [image], target.maxInputImages).list,
    }));
    setFailure(null);
    document.getElementById("prompt")?.focus();
    if (result.added === 0) {
      note(
        result.duplicateOf !== null
          ? format(strings.referenceDuplicate, { index: result.duplicateOf + 1 })
          : format(strings.referencesFull, { model: target.label, max: target.maxInputImages }),
      );
      return;
    }
    setReferenceNote(null);
    const added = format(strings.referenceAdded, { index: result.list.length });
    onAnnounce(switching ? `${format(strings.referencesSwitched, { model: target.label })} ${added}` : added);
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: a preset applies once, when it arrives; addReference reads the form as it is then
  useEffect(() => {
    if (!preset) return;
    // What comes from a task is for one prompt on one model; a reference also fits the several-prompts list.
    setMode((current) => (preset.reference && current === "prompts" ? current : "single"));
    if (preset.reference) {
      addReference(preset.reference);
      return;
    }
    setValues((current) => {
      const next = { ...current, ...preset.values };
      // References the preset's model does not read would come back unseen with the next model that does.
      const reads = models.find((option) => option.key === next.model)?.maxInputImages ?? 0;
      return { ...next, references: trimReferences(next.references, reads).list };
    });
    setInvalidField(null);
    setFailure(null);
    setReferenceNote(null);
    requestAnimationFrame(() => document.getElementById("prompt")?.focus());
    onAnnounce(preset.announcement ?? strings.settingsApplied);
  }, [preset, onAnnounce, strings.settingsApplied]);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!model || submitting || waitSeconds > 0 || overBudget) return;
    // Preloaded on mount, so this resolves at once unless the very first click beats it.
    const { buildGenerateRequest } = await loadRequestBuilder();
    if (mode !== "single") return submitRun(mode, model, buildGenerateRequest);
    const built = buildGenerateRequest({ ...values, aspectRatio }, model, locale);
    if (!built.ok) {
      setInvalidField(built.field);
      focusField(built.field);
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
      void failureTitle(result.error, errorStrings).then(onAnnounce);
    }
  }

  function focusField(field: InvalidField) {
    const focusId = { prompt: "prompt", seed: "seed", loraScale: "lora-scale", inputImage: "input-image-file" }[field];
    requestAnimationFrame(() => document.getElementById(focusId)?.focus());
  }

  async function submitRun(runMode: Exclude<RunMode, "single">, runModel: ModelOption, buildGenerateRequest: RequestBuilder) {
    const { startRun } = await loadStartRun();
    setSubmitting(true);
    // The first line stands in as the prompt, so the single form's checks and settings apply to every line.
    const single = buildGenerateRequest({ ...values, aspectRatio, prompt: lines[0] ?? "" }, runModel, locale);
    const start = await startRun({ mode: runMode, values, keys: comparePicks, lines, aspectRatio, single, locale, strings: runStrings });
    setSubmitting(false);
    if (start.kind === "field") {
      setInvalidField(start.field);
      focusField(start.field);
      return;
    }
    if (start.kind === "problem") {
      setRunProblem(start.message);
      onAnnounce(start.message);
      requestAnimationFrame(() => document.querySelector<HTMLElement>(start.focus)?.focus());
      return;
    }
    setInvalidField(null);
    setRunProblem(null);
    refreshSpend();
    if (start.result.ok) {
      setFailure(null);
      onRunCreated(start.result.data.run, runMode, runMode === "prompts" ? imageCount : 1);
    } else {
      setFailure(start.result.error);
      void failureTitle(start.result.error, errorStrings).then(onAnnounce);
    }
  }

  const submitLabel =
    mode === "compare"
      ? format(runStrings.submitCompare, { count: picked.length })
      : mode === "prompts"
        ? format(runStrings.submitPrompts, { count: lines.length })
        : strings.submit;

  return (
    <form className={styles.composer} aria-label={strings.formLabel} onSubmit={submit} noValidate>
      <Segmented<RunMode>
        name="mode"
        fill
        legend={runStrings.modeLegend}
        options={[
          { value: "single", label: runStrings.modeSingle },
          { value: "compare", label: runStrings.modeCompare },
          { value: "prompts", label: runStrings.modePrompts },
        ]}
        value={mode}
        onChange={(next) => {
          setMode(next);
          setRunProblem(null);
          if (next !== "single") void loadStartRun();
        }}
      />
      {mode === "prompts" ? (
        <Suspense fallback={null}>
          <PromptList
            value={promptList}
            strings={runStrings}
            problem={runProblem}
            onChange={(text) => {
              setPromptList(text);
              setRunProblem(null);
            }}
            onSubmitShortcut={() => void submit()}
          />
        </Suspense>
      ) : (
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
      )}
      <Suspense fallback={null}>
        {mode !== "compare" && model?.editsImage ? (
          <InputImageField
            value={values.inputImage}
            invalid={invalidField === "inputImage"}
            strings={strings}
            errorStrings={errorStrings}
            onChange={(inputImage) => update({ inputImage })}
            onAnnounce={onAnnounce}
            onErase={onErase ? (image) => onErase({ ...image, isPrivate: values.isPrivate }) : undefined}
            eraseLabel={eraseLabel}
          />
        ) : null}
        {mode !== "compare" && model && !model.editsImage && model.maxInputImages > 0 ? (
          <ReferenceImagesField
            images={values.references}
            max={model.maxInputImages}
            modelLabel={model.label}
            note={referenceNote}
            strings={strings}
            errorStrings={errorStrings}
            onChange={(change) => setValues((latest) => ({ ...latest, references: change(latest.references) }))}
            onNote={note}
            onAnnounce={onAnnounce}
          />
        ) : null}
      </Suspense>
      {mode === "compare" ? (
        <Suspense fallback={null}>
          <CompareModelPicker
            models={comparable}
            value={comparePicks}
            locale={locale}
            strings={runStrings}
            problem={runProblem}
            onChange={(keys) => {
              setComparePicks(keys);
              setRunProblem(null);
            }}
          />
        </Suspense>
      ) : (
        <ModelPicker models={models} value={values.model} locale={locale} strings={strings} onChange={(key) => update({ model: key })} />
      )}
      <AspectRatioPicker
        legend={strings.aspectLegend}
        ratios={ratios}
        value={aspectRatio}
        matchInputLabel={strings.matchInputImage}
        onChange={(ratio) => update({ aspectRatio: ratio })}
      />
      {mode !== "compare" && model?.size ? (
        <Suspense fallback={null}>
          <ResolutionSelect
            size={model.size}
            value={chosenResolution(model, values.resolution, hasImages) ?? model.size.defaultResolution}
            hasImages={hasImages}
            strings={strings}
            onChange={(resolution) => update({ resolution })}
          />
        </Suspense>
      ) : null}
      <Toggle
        id="is-private"
        label={strings.privateLabel}
        hint={strings.privateHint}
        checked={values.isPrivate}
        onChange={(isPrivate) => update({ isPrivate })}
      />
      {mode === "compare" ? null : (
        <AdvancedOptions
          values={values}
          maxOutputs={model?.maxOutputs ?? 1}
          outputFormats={model?.outputFormats ?? ["webp"]}
          supportsLora={model?.supportsLora ?? false}
          invalidField={invalidField}
          strings={strings}
          onChange={update}
        />
      )}
      {failure && !(overBudget && failure.code === "budget_exceeded") ? <FailureNotice failure={failure} strings={errorStrings} /> : null}
      {overBudget && spend ? (
        <Suspense fallback={null}>
          <BudgetNotice costUsd={totalUsd} spend={spend} locale={locale} strings={strings} />
        </Suspense>
      ) : null}
      <div className={styles.submitRow}>
        <Button
          type="submit"
          variant="primary"
          size="lg"
          className={styles.submit}
          // Not `disabled`: a disabled button drops keyboard focus to the page, losing the person's place; submit() refuses instead.
          aria-disabled={submitting || waitSeconds > 0 || overBudget}
          aria-busy={submitting}
        >
          <SparklesIcon />
          {submitting ? strings.submitting : submitLabel}
          {waitSeconds > 0 ? <span className={styles.wait}>{` ${waitSeconds} s`}</span> : null}
        </Button>
        {model ? (
          <SpendLine
            imageCount={imageCount}
            unitUsd={unitUsd}
            costUsd={totalUsd}
            spend={spend}
            locale={locale}
            strings={strings}
            runSummary={run ? { ...run, words: runStrings.total } : undefined}
          />
        ) : null}
      </div>
    </form>
  );
}
