import { createHash } from "node:crypto";
import {
  COG_FLUX_ASPECT_RATIOS,
  FLUX2_ASPECT_RATIOS,
  FLUX2_RESOLUTIONS,
  GEMINI_RESOLUTIONS,
  KLEIN_ASPECT_RATIOS,
  KLEIN_MEGAPIXELS,
  KONTEXT_ASPECT_RATIOS,
  NANO_BANANA_2_ASPECT_RATIOS,
  NANO_BANANA_PRO_ASPECT_RATIOS,
  PRO_ASPECT_RATIOS,
  type SizeRule,
} from "./sizes";

export type FieldSpec =
  | { type: "string"; required?: boolean; default?: string; choices?: readonly string[] }
  | { type: "integer" | "number"; default?: number; min?: number; max?: number }
  | { type: "boolean"; default?: boolean }
  /** A list of strings (file URLs); `maxItems` is the schema's limit. */
  | { type: "array"; default?: readonly string[]; maxItems?: number };

export interface ModelSpec {
  /** `owner/name` */
  name: string;
  /** Emulator-made version id (64 hex); real hashes are not known offline. */
  version: string;
  fields: Record<string, FieldSpec>;
  /** Input field holding the step count, or a fixed count when the model has none. */
  steps: { field: string; fallback: number } | { fixed: number };
  output: "array" | "single";
  /** The model honours `disable_safety_checker` (cog-flux, FLUX.2 dev, klein); the pro models have none. */
  hasSafetyToggle: boolean;
  /** cog-flux prints `Using seed: N` and `Total safe images: k out of n`; no other model is known to. */
  cogFluxLogs: boolean;
  /** False: the model prints no tqdm progress lines (a hosted API such as Gemini); its steps only pace the run. */
  progressLogs?: boolean;
  /**
   * The input field holding the image URL(s) to edit or use as references (a string for Kontext, a list for FLUX.2 and
   * Nano Banana): each is downloaded when the prediction starts, and one that cannot be read fails the prediction.
   */
  inputImageField?: string;
  /**
   * The input field holding a mask the model downloads with the image (flux-fill-pro's `mask`): it must have the
   * image's pixel size, unless `maskIgnoredWhen` names a field whose value other than its default makes the model
   * ignore the mask.
   */
  maskField?: string;
  maskIgnoredWhen?: string;
  /** The output's format when the model has no `output_format` input (the upscaler). */
  outputFormat?: "webp" | "jpg" | "png";
  /** The largest `safety_tolerance` accepted when an input image is given. */
  maxSafetyToleranceWithImage?: number;
  /** How the output's pixel size follows the input. */
  size: SizeRule;
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

/**
 * FLUX.2 [pro] and [max]: the input schema of the newest versions, flux-2-pro:ccb5e331 (replaced 285631b5, whose page
 * replicate.com/black-forest-labs/flux-2-pro/versions/285631b5…/api lists the same fields but rounds custom sizes to 32)
 * and replicate.com/black-forest-labs/flux-2-max/versions/9c23b0aa…/api. Enum options are the schema's (they are not
 * printed on the version page). Output: one URI.
 */
const flux2ProFields = {
  prompt: { type: "string", required: true },
  input_images: { type: "array", default: [], maxItems: 8 },
  aspect_ratio: { type: "string", default: "1:1", choices: FLUX2_ASPECT_RATIOS },
  resolution: { type: "string", default: "1 MP", choices: FLUX2_RESOLUTIONS },
  width: { type: "integer", min: 256, max: 2048 },
  height: { type: "integer", min: 256, max: 2048 },
  safety_tolerance: { type: "integer", default: 2, min: 1, max: 5 },
  seed: { type: "integer" },
  ...outputFields,
} satisfies Record<string, FieldSpec>;

/** FLUX.2's megapixel rule: "1 MP" is 1024², sides multiples of 16, no side above 2048 ("The maximum image size is 2048x2048"). */
const flux2Size: SizeRule = { kind: "megapixels", field: "resolution", multiple: 16, maxSide: 2048 };

/** FLUX.2 [klein] 4B: replicate.com/black-forest-labs/flux-2-klein-4b/versions/8e9c42d7…/api. Output: a list of URIs. */
const kleinFields = {
  prompt: { type: "string", required: true },
  images: { type: "array", default: [], maxItems: 5 },
  aspect_ratio: { type: "string", default: "1:1", choices: KLEIN_ASPECT_RATIOS },
  output_megapixels: { type: "string", default: "1", choices: KLEIN_MEGAPIXELS },
  seed: { type: "integer" },
  go_fast: { type: "boolean", default: false },
  output_format: { type: "string", default: "jpg", choices: ["webp", "jpg", "png"] },
  output_quality: { type: "integer", default: 95, min: 0, max: 100 },
  disable_safety_checker: { type: "boolean", default: false },
} satisfies Record<string, FieldSpec>;

/** Klein: `output_megapixels` at the ratio, sides multiples of 16 (assumption: the page gives no rounding and no cap). */
const kleinSize: SizeRule = { kind: "megapixels", field: "output_megapixels", multiple: 16 };

const nanoBananaOutput = {
  output_format: { type: "string", default: "jpg", choices: ["jpg", "png"] },
} satisfies Record<string, FieldSpec>;

/**
 * FLUX.1 Fill [pro]'s `outpaint` options (replicate.com/black-forest-labs/flux-fill-pro/versions/9609ba73…/api, where
 * its default is "None"; the other spellings as Replicate's resellers list them).
 */
const OUTPAINT_OPTIONS = [
  "None",
  "Zoom out 1.5x",
  "Zoom out 2x",
  "Make square",
  "Left outpaint",
  "Right outpaint",
  "Top outpaint",
  "Bottom outpaint",
] as const;

const MODELS: readonly ModelSpec[] = [
  model("black-forest-labs/flux-schnell", {
    fields: { ...cogFluxFields, num_inference_steps: { type: "integer", default: 4, min: 1, max: 4 } },
    steps: { field: "num_inference_steps", fallback: 4 },
    output: "array",
    hasSafetyToggle: true,
    cogFluxLogs: true,
    size: { kind: "preset" },
  }),
  model("black-forest-labs/flux-dev", {
    fields: devFields,
    steps: { field: "num_inference_steps", fallback: 28 },
    output: "array",
    hasSafetyToggle: true,
    cogFluxLogs: true,
    size: { kind: "preset" },
  }),
  // replicate/cog-flux predict.py @2610fcc, DevLoraPredictor: the dev inputs plus lora_weights and lora_scale
  // (extra_lora and the hub tokens are only on the hotswap model).
  model("black-forest-labs/flux-dev-lora", {
    fields: {
      ...devFields,
      lora_weights: { type: "string" },
      lora_scale: { type: "number", default: 1, min: -1, max: 3 },
    },
    steps: { field: "num_inference_steps", fallback: 28 },
    output: "array",
    hasSafetyToggle: true,
    cogFluxLogs: true,
    size: { kind: "preset" },
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
    cogFluxLogs: false,
    size: { kind: "preset" },
  }),
  // black-forest-labs/flux-kontext-pro, input schema of version 0a138193…/api on replicate.com.
  model("black-forest-labs/flux-kontext-pro", {
    fields: {
      prompt: { type: "string", required: true },
      input_image: { type: "string" },
      aspect_ratio: { type: "string", default: "match_input_image", choices: KONTEXT_ASPECT_RATIOS },
      seed: { type: "integer" },
      output_format: { type: "string", default: "png", choices: ["jpg", "png"] },
      safety_tolerance: { type: "integer", default: 2, min: 0, max: 6 },
      prompt_upsampling: { type: "boolean", default: false },
    },
    steps: { fixed: 20 },
    output: "single",
    hasSafetyToggle: false,
    cogFluxLogs: false,
    inputImageField: "input_image",
    maxSafetyToleranceWithImage: 2,
    size: { kind: "kontext" },
  }),
  model("black-forest-labs/flux-1.1-pro", {
    fields: proFields,
    steps: { fixed: 25 },
    output: "single",
    hasSafetyToggle: false,
    cogFluxLogs: false,
    size: { kind: "preset" },
  }),
  model("black-forest-labs/flux-2-pro", {
    fields: flux2ProFields,
    steps: { fixed: 25 },
    output: "single",
    hasSafetyToggle: false,
    cogFluxLogs: false,
    inputImageField: "input_images",
    size: flux2Size,
  }),
  model("black-forest-labs/flux-2-max", {
    fields: flux2ProFields,
    steps: { fixed: 25 },
    output: "single",
    hasSafetyToggle: false,
    cogFluxLogs: false,
    inputImageField: "input_images",
    size: flux2Size,
  }),
  // replicate.com/black-forest-labs/flux-2-flex, version 51d0412f (replaced 57df51f0): the pro fields, up to 10 input
  // images, and steps, guidance and prompt_upsampling.
  model("black-forest-labs/flux-2-flex", {
    fields: {
      ...flux2ProFields,
      input_images: { type: "array", default: [], maxItems: 10 },
      steps: { type: "integer", default: 30, min: 1, max: 50 },
      guidance: { type: "number", default: 4.5, min: 1.5, max: 10 },
      prompt_upsampling: { type: "boolean", default: true },
    },
    steps: { field: "steps", fallback: 30 },
    output: "single",
    hasSafetyToggle: false,
    cogFluxLogs: false,
    inputImageField: "input_images",
    size: flux2Size,
  }),
  // replicate.com/black-forest-labs/flux-2-dev/versions/7bba46bd…/api, the only version found: no resolution (about a
  // megapixel, assumption), up to 4 input images, custom sizes 256–1440 in multiples of 32. Output: one URI.
  model("black-forest-labs/flux-2-dev", {
    fields: {
      prompt: { type: "string", required: true },
      input_images: { type: "array", default: [], maxItems: 4 },
      go_fast: { type: "boolean", default: true },
      aspect_ratio: { type: "string", default: "1:1", choices: FLUX2_ASPECT_RATIOS },
      width: { type: "integer", min: 256, max: 1440 },
      height: { type: "integer", min: 256, max: 1440 },
      seed: { type: "integer" },
      ...outputFields,
      disable_safety_checker: { type: "boolean", default: false },
    },
    steps: { fixed: 28 },
    output: "single",
    hasSafetyToggle: true,
    cogFluxLogs: false,
    inputImageField: "input_images",
    size: { kind: "megapixels", multiple: 32, maxSide: 1440 },
  }),
  model("black-forest-labs/flux-2-klein-4b", {
    fields: kleinFields,
    steps: { fixed: 4 },
    output: "array",
    hasSafetyToggle: true,
    cogFluxLogs: false,
    inputImageField: "images",
    size: kleinSize,
  }),
  // replicate.com/black-forest-labs/flux-2-klein-9b-base/versions/b037b94b…/api: klein's fields and guidance 1–10
  // (enum options assumed to be the 4B's: the page does not print them).
  model("black-forest-labs/flux-2-klein-9b-base", {
    fields: { ...kleinFields, guidance: { type: "number", default: 4, min: 1, max: 10 } },
    steps: { fixed: 50 },
    output: "array",
    hasSafetyToggle: true,
    cogFluxLogs: false,
    inputImageField: "images",
    size: kleinSize,
  }),
  // replicate.com/google/nano-banana-pro/versions/f5318740…/api (Gemini 3 Pro Image). Output: one URI.
  model("google/nano-banana-pro", {
    fields: {
      prompt: { type: "string", required: true },
      image_input: { type: "array", default: [], maxItems: 14 },
      aspect_ratio: { type: "string", default: "match_input_image", choices: NANO_BANANA_PRO_ASPECT_RATIOS },
      resolution: { type: "string", default: "2K", choices: GEMINI_RESOLUTIONS },
      ...nanoBananaOutput,
      safety_filter_level: {
        type: "string",
        default: "block_only_high",
        choices: ["block_low_and_above", "block_medium_and_above", "block_only_high"],
      },
    },
    steps: { fixed: 10 },
    output: "single",
    hasSafetyToggle: false,
    cogFluxLogs: false,
    progressLogs: false,
    inputImageField: "image_input",
    size: { kind: "gemini", ratios: NANO_BANANA_PRO_ASPECT_RATIOS },
  }),
  // replicate.com/google/nano-banana-2/versions/2de9ad5b…/api and version 71516450 (Gemini 3.1 Flash Image). Output: one URI.
  model("google/nano-banana-2", {
    fields: {
      prompt: { type: "string", required: true },
      image_input: { type: "array", default: [], maxItems: 14 },
      aspect_ratio: { type: "string", default: "match_input_image", choices: NANO_BANANA_2_ASPECT_RATIOS },
      resolution: { type: "string", default: "1K", choices: GEMINI_RESOLUTIONS },
      google_search: { type: "boolean", default: false },
      image_search: { type: "boolean", default: false },
      ...nanoBananaOutput,
    },
    steps: { fixed: 10 },
    output: "single",
    hasSafetyToggle: false,
    cogFluxLogs: false,
    progressLogs: false,
    inputImageField: "image_input",
    size: { kind: "gemini", ratios: NANO_BANANA_2_ASPECT_RATIOS },
  }),
  // replicate.com/black-forest-labs/flux-fill-pro/versions/9609ba73…/api: prompt, image, mask (same size as the image;
  // ignored with an outpaint preset), outpaint, seed, steps 1–50 (50), prompt_upsampling, guidance 2–5 (3),
  // safety_tolerance 1–6 (2), output_format jpg|png (jpg). Output: one URI.
  model("black-forest-labs/flux-fill-pro", {
    fields: {
      prompt: { type: "string" },
      image: { type: "string", required: true },
      mask: { type: "string" },
      outpaint: { type: "string", default: "None", choices: OUTPAINT_OPTIONS },
      seed: { type: "integer" },
      steps: { type: "integer", default: 50, min: 1, max: 50 },
      prompt_upsampling: { type: "boolean", default: false },
      guidance: { type: "number", default: 3, min: 2, max: 5 },
      safety_tolerance: { type: "integer", default: 2, min: 1, max: 6 },
      output_format: { type: "string", default: "jpg", choices: ["jpg", "png"] },
    },
    steps: { field: "steps", fallback: 50 },
    output: "single",
    hasSafetyToggle: false,
    cogFluxLogs: false,
    inputImageField: "image",
    maskField: "mask",
    maskIgnoredWhen: "outpaint",
    size: { kind: "fill" },
  }),
  // google/upscaler (replicate.com/google/upscaler/api, version cea869a8…, as its clients quote the schema): image,
  // upscale_factor x2|x4 (x2), compression_quality 1–100 (80). One URI; the file format is not documented: PNG, Google's
  // default output type (assumption). Google's Imagen upscale makes at most 17 megapixels.
  model("google/upscaler", {
    fields: {
      image: { type: "string", required: true },
      upscale_factor: { type: "string", default: "x2", choices: ["x2", "x4"] },
      compression_quality: { type: "integer", default: 80, min: 1, max: 100 },
    },
    steps: { fixed: 4 },
    output: "single",
    hasSafetyToggle: false,
    cogFluxLogs: false,
    progressLogs: false,
    inputImageField: "image",
    outputFormat: "png",
    size: { kind: "upscale", field: "upscale_factor", maxPixels: 17_000_000 },
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
