import { createHash } from "node:crypto";
import { COG_FLUX_ASPECT_RATIOS, PRO_ASPECT_RATIOS } from "./sizes";

export type FieldSpec =
  | { type: "string"; required?: boolean; default?: string; choices?: readonly string[] }
  | { type: "integer" | "number"; default?: number; min?: number; max?: number }
  | { type: "boolean"; default?: boolean };

export interface ModelSpec {
  /** `owner/name` */
  name: string;
  /** Emulator-made version id (64 hex); real hashes are not known offline. */
  version: string;
  fields: Record<string, FieldSpec>;
  /** Input field holding the step count, or a fixed count when the model has none. */
  steps: { field: string; fallback: number } | { fixed: number };
  output: "array" | "single";
  /** cog-flux models honour `disable_safety_checker`. */
  hasSafetyToggle: boolean;
}

const outputFields = {
  output_format: { type: "string", default: "webp", choices: ["webp", "jpg", "png"] },
  output_quality: { type: "integer", default: 80, min: 0, max: 100 },
} satisfies Record<string, FieldSpec>;

const cogFluxFields = {
  prompt: { type: "string", required: true },
  aspect_ratio: { type: "string", default: "1:1", choices: COG_FLUX_ASPECT_RATIOS },
  num_outputs: { type: "integer", default: 1, min: 1, max: 4 },
  seed: { type: "integer" },
  ...outputFields,
  disable_safety_checker: { type: "boolean", default: false },
  go_fast: { type: "boolean", default: true },
  megapixels: { type: "string", default: "1", choices: ["1", "0.25"] },
} satisfies Record<string, FieldSpec>;

const devFields = {
  ...cogFluxFields,
  num_inference_steps: { type: "integer", default: 28, min: 1, max: 50 },
  guidance: { type: "number", default: 3, min: 0, max: 10 },
  image: { type: "string" },
  prompt_strength: { type: "number", default: 0.8, min: 0, max: 1 },
} satisfies Record<string, FieldSpec>;

const proFields = {
  prompt: { type: "string", required: true },
  image_prompt: { type: "string" },
  aspect_ratio: { type: "string", default: "1:1", choices: PRO_ASPECT_RATIOS },
  width: { type: "integer", min: 256, max: 1440 },
  height: { type: "integer", min: 256, max: 1440 },
  safety_tolerance: { type: "integer", default: 2, min: 1, max: 6 },
  seed: { type: "integer" },
  prompt_upsampling: { type: "boolean", default: false },
  ...outputFields,
} satisfies Record<string, FieldSpec>;

function versionOf(name: string): string {
  return createHash("sha256").update(`emulator:${name}`).digest("hex");
}

function model(name: string, spec: Omit<ModelSpec, "name" | "version">): ModelSpec {
  return { name, version: versionOf(name), ...spec };
}

const MODELS: readonly ModelSpec[] = [
  model("black-forest-labs/flux-schnell", {
    fields: { ...cogFluxFields, num_inference_steps: { type: "integer", default: 4, min: 1, max: 4 } },
    steps: { field: "num_inference_steps", fallback: 4 },
    output: "array",
    hasSafetyToggle: true,
  }),
  model("black-forest-labs/flux-dev", {
    fields: devFields,
    steps: { field: "num_inference_steps", fallback: 28 },
    output: "array",
    hasSafetyToggle: true,
  }),
  model("black-forest-labs/flux-dev-lora", {
    fields: {
      ...devFields,
      lora_weights: { type: "string" },
      lora_scale: { type: "number", default: 1, min: -1, max: 3 },
      extra_lora: { type: "string" },
      extra_lora_scale: { type: "number", default: 1, min: -1, max: 3 },
      hf_api_token: { type: "string" },
      civitai_api_token: { type: "string" },
    },
    steps: { field: "num_inference_steps", fallback: 28 },
    output: "array",
    hasSafetyToggle: true,
  }),
  model("black-forest-labs/flux-pro", {
    fields: {
      ...proFields,
      steps: { type: "integer", default: 25, min: 1, max: 50 },
      guidance: { type: "number", default: 3, min: 2, max: 5 },
      interval: { type: "number", default: 2, min: 1, max: 4 },
    },
    steps: { field: "steps", fallback: 25 },
    output: "single",
    hasSafetyToggle: false,
  }),
  model("black-forest-labs/flux-1.1-pro", {
    fields: proFields,
    steps: { fixed: 25 },
    output: "single",
    hasSafetyToggle: false,
  }),
];

const HEX64 = /^[0-9a-f]{64}$/;

export function findModelByName(name: string): ModelSpec | undefined {
  return MODELS.find((m) => m.name === name);
}

/**
 * Resolves `POST /predictions`'s `version`: `owner/name`, `owner/name:<64hex>` or `<64hex>`.
 * Any hash is accepted after a known `owner/name`; a bare hash must be one of the emulator's.
 */
export function findModelByVersion(version: string): { model: ModelSpec; version: string } | undefined {
  if (HEX64.test(version)) {
    const model = MODELS.find((m) => m.version === version);
    return model && { model, version };
  }
  const [name, hash] = version.split(":");
  const model = name === undefined ? undefined : findModelByName(name);
  if (!model) return undefined;
  if (hash === undefined) return { model, version: model.version };
  return HEX64.test(hash) ? { model, version: hash } : undefined;
}

export function stepCount(model: ModelSpec, input: Record<string, unknown>): number {
  if ("fixed" in model.steps) return model.steps.fixed;
  const value = input[model.steps.field];
  return typeof value === "number" ? value : model.steps.fallback;
}
