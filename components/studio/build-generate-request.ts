import type { GenerateRequest } from "@/components/api/endpoints";
import { LORA_SCALE_MAX, LORA_SCALE_MIN, SEED_MAX } from "@/lib/input-limits";
import type { OutputFormat } from "@/lib/input-limits";
import type { ModelOption } from "./model-option";

export interface ComposerValues {
  prompt: string;
  model: string;
  aspectRatio: string;
  isPrivate: boolean;
  seed: string;
  numOutputs: number;
  outputFormat: OutputFormat;
  loraWeights: string;
  loraScale: string;
}

export type InvalidField = "prompt" | "seed" | "loraScale";

export type BuildResult = { ok: true; body: GenerateRequest } | { ok: false; field: InvalidField };

/** Turns what the form holds into the POST /api/generate body, or names the first field that is wrong. */
export function buildGenerateRequest(
  values: ComposerValues,
  model: Pick<ModelOption, "key" | "aspectRatios" | "maxOutputs" | "supportsLora">,
  locale: string,
): BuildResult {
  const prompt = values.prompt.trim();
  if (prompt === "") return { ok: false, field: "prompt" };

  const body: GenerateRequest = {
    model: model.key,
    prompt,
    aspect_ratio: model.aspectRatios.includes(values.aspectRatio) ? values.aspectRatio : (model.aspectRatios[0] ?? "1:1"),
    is_private: values.isPrivate,
    locale,
    output_format: values.outputFormat,
  };

  const seed = values.seed.trim();
  if (seed !== "") {
    if (!/^\d+$/.test(seed) || Number(seed) > SEED_MAX) return { ok: false, field: "seed" };
    body.seed = Number(seed);
  }

  if (model.maxOutputs > 1) body.num_outputs = Math.min(Math.max(1, values.numOutputs), model.maxOutputs);

  const loraWeights = values.loraWeights.trim();
  if (model.supportsLora && loraWeights !== "") {
    body.lora_weights = loraWeights;
    const scale = values.loraScale.trim() === "" ? 1 : Number(values.loraScale);
    if (!Number.isFinite(scale) || scale < LORA_SCALE_MIN || scale > LORA_SCALE_MAX) return { ok: false, field: "loraScale" };
    body.lora_scale = scale;
  }
  return { ok: true, body };
}
