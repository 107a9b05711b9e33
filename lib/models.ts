import * as z from "zod";
import { LORA_SCALE_MAX, LORA_SCALE_MIN, OUTPUT_FORMATS, type OutputFormat, PROMPT_MAX_LENGTH, SEED_MAX } from "./input-limits";

/**
 * The one model registry: app model keys → provider model, input schema, output shape, price.
 * Inputs and limits of schnell, dev and dev-lora: replicate/cog-flux predict.py @2610fcc (Inputs, SchnellPredictor,
 * DevPredictor, DevLoraPredictor). Replicate deletes an API prediction's outputs about an hour after it ends
 * (replicate.com/docs/topics/predictions), so finished images are copied to R2 at once.
 */

export const IMAGE_MODEL_KEYS = ["flux-schnell", "flux-dev", "flux-pro", "flux-general", "flux-kontext-pro"] as const;
export type ImageModelKey = (typeof IMAGE_MODEL_KEYS)[number];

export const ASPECT_RATIOS = ["1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "3:4", "4:3", "9:16", "9:21"] as const;

/** flux-pro has no 21:9 / 9:21 presets (only `custom` sizes, which the app does not offer). */
const FLUX_PRO_ASPECT_RATIOS = ASPECT_RATIOS.filter((ratio) => ratio !== "21:9" && ratio !== "9:21");

/**
 * FLUX Kontext's `aspect_ratio`: the presets plus 2:1 / 1:2 and `match_input_image` (its default), per the model's
 * input schema on Replicate (black-forest-labs/flux-kontext-pro, version 0a138193…/api; options as listed there).
 */
const MATCH_INPUT_IMAGE = "match_input_image";
const EDIT_ASPECT_RATIOS = [MATCH_INPUT_IMAGE, ...ASPECT_RATIOS, "2:1", "1:2"] as const;

/** Kontext refuses a safety_tolerance above 2 when an input image is given (its schema's own words). */
const EDIT_MAX_SAFETY_TOLERANCE = 2;

export interface ImageModel {
  key: ImageModelKey;
  /** Replicate's `owner/name` (official model) the key maps to. */
  providerModel: string;
  label: string;
  /** What the model is for, shown next to the picker. */
  description: string;
  speed: "fastest" | "fast" | "balanced" | "best";
  typicalSeconds: number;
  pricePerImageUsd: number;
  /**
   * Replicate's `Cancel-After` for its creates: a prediction that has not started by then ends `aborted` and is
   * not charged; one still running is `canceled` and charged (replicate.com/changelog/2025-10-16-prediction-deadlines).
   * A few typical run times plus a cold start; REPLICATE_CANCEL_AFTER overrides it.
   */
  cancelAfter: string;
  outputShape: "array" | "single";
  aspectRatios: readonly string[];
  /** The aspect ratio used when the request names none. */
  defaultAspectRatio: string;
  outputFormats: readonly OutputFormat[];
  maxOutputs: number;
  /** `required`: the model edits an image (`input_image`); `none`: it takes none. */
  inputImage: "required" | "none";
  /**
   * cog-flux's `go_fast` (fp8, its default) is not deterministic: the same seed need not give the same image.
   * True for models with that knob; a task is exactly reproducible only when it turned go_fast off.
   */
  hasGoFast: boolean;
  /**
   * The app-facing input (prompt, aspect_ratio, seed, num_outputs, output_format and the model's own
   * knobs) with the provider's real limits. Unknown fields are rejected. It checks and never renames, so
   * what a task stores is what it was given: parsing it again gives the same object.
   */
  inputSchema: z.ZodType<Record<string, unknown>, Record<string, unknown>>;
  /** The `input` object Replicate receives, from a parsed app-facing input (renames the provider spells otherwise). */
  toProviderInput: (input: Record<string, unknown>) => Record<string, unknown>;
}

export class UnknownModelError extends Error {
  readonly key: string;
  constructor(key: string) {
    super(`Unknown image model "${key}". Choose one of: ${IMAGE_MODEL_KEYS.join(", ")}.`);
    this.name = "UnknownModelError";
    this.key = key;
  }
}

const promptSchema = z
  .string()
  .trim()
  .min(1, { message: "Write a prompt first." })
  .max(PROMPT_MAX_LENGTH, { message: `Keep the prompt under ${PROMPT_MAX_LENGTH} characters.` });
const seedSchema = z.number().int().min(0).max(SEED_MAX);
const outputQualitySchema = z.number().int().min(0).max(100);
const httpUrlSchema = z.url({ protocol: /^https?$/ });

function commonFields(aspectRatios: readonly string[], maxOutputs: number) {
  return {
    prompt: promptSchema,
    aspect_ratio: z.enum(aspectRatios as [string, ...string[]]).optional(),
    seed: seedSchema.optional(),
    num_outputs: z.number().int().min(1).max(maxOutputs).optional(),
    output_format: z.enum(OUTPUT_FORMATS).optional(),
    output_quality: outputQualitySchema.optional(),
  };
}

// cog-flux (schnell, dev, dev-lora) options; `disable_safety_checker` is deliberately not offered.
const cogFluxFields = {
  go_fast: z.boolean().optional(),
  megapixels: z.enum(["1", "0.25"]).optional(),
};

const devFields = {
  ...cogFluxFields,
  num_inference_steps: z.number().int().min(1).max(50).optional(),
  guidance: z.number().min(0).max(10).optional(),
  image: httpUrlSchema.optional(),
  prompt_strength: z.number().min(0).max(1).optional(),
};

// flux-dev-lora takes one LoRA (lora_weights, lora_scale); a reference is a Replicate model, a Hugging Face or
// CivitAI URL, or a .safetensors URL.
const loraReferenceSchema = z.string().trim().min(1).max(500);

const fluxSchnellInput = z.strictObject({
  ...commonFields(ASPECT_RATIOS, 4),
  ...cogFluxFields,
  num_inference_steps: z.number().int().min(1).max(4).optional(),
});

const fluxDevInput = z.strictObject({ ...commonFields(ASPECT_RATIOS, 4), ...devFields });

const fluxGeneralInput = z.strictObject({
  ...commonFields(ASPECT_RATIOS, 4),
  ...devFields,
  lora_weights: loraReferenceSchema.optional(),
  lora_scale: z.number().min(LORA_SCALE_MIN).max(LORA_SCALE_MAX).optional(),
});

// flux-pro's inputs as Replicate's version pages list them (replicate.com/black-forest-labs/flux-pro/versions/
// a7dcddb8…/api and 9d0768f6…/api): steps 1–50 (default 25), guidance 2–5, interval 1–4, image_prompt (Redux),
// no 21:9 / 9:21 preset. safety_tolerance is 1–6 ("1 is most strict and 6 is most permissive", default 2) on the
// newest version page found, 2b8181d8…/api, which also has image_prompt, width/height and output_format/quality;
// the older 9d0768f6 said 1–5.
const fluxProInput = z.strictObject({
  ...commonFields(FLUX_PRO_ASPECT_RATIOS, 1),
  num_inference_steps: z.number().int().min(1).max(50).optional(),
  guidance: z.number().min(2).max(5).optional(),
  interval: z.number().min(1).max(4).optional(),
  safety_tolerance: z.number().int().min(1).max(6).optional(),
  prompt_upsampling: z.boolean().optional(),
  image_prompt: httpUrlSchema.optional(),
});

const sameInput = (input: Record<string, unknown>) => input;

// flux-pro names its step count `steps` and makes one image; the app says `num_inference_steps` for every model.
function fluxProProviderInput({ num_outputs: _single, num_inference_steps, ...rest }: Record<string, unknown>): Record<string, unknown> {
  return num_inference_steps === undefined ? rest : { ...rest, steps: num_inference_steps };
}

// FLUX Kontext [pro] on Replicate (black-forest-labs/flux-kontext-pro, input schema of version 0a138193…/api):
// prompt, input_image (jpeg/png/gif/webp, by URL), aspect_ratio (default match_input_image), seed, output_format
// (jpg|png, default png), safety_tolerance 0–6 (default 2; "2 is currently the maximum allowed when input images
// are used"), prompt_upsampling. One output, a single URI. The app always sends an image, so the limit is 2.
const fluxKontextProInput = z.strictObject({
  prompt: promptSchema,
  input_image: httpUrlSchema,
  aspect_ratio: z.enum(EDIT_ASPECT_RATIOS).optional(),
  seed: seedSchema.optional(),
  output_format: z.enum(["jpg", "png"]).optional(),
  safety_tolerance: z
    .number()
    .int()
    .min(0)
    .max(EDIT_MAX_SAFETY_TOLERANCE, {
      message: `must be at most ${EDIT_MAX_SAFETY_TOLERANCE} when an input image is given`,
    })
    .optional(),
  prompt_upsampling: z.boolean().optional(),
});

export const IMAGE_MODELS: Record<ImageModelKey, ImageModel> = {
  "flux-schnell": {
    key: "flux-schnell",
    providerModel: "black-forest-labs/flux-schnell",
    label: "FLUX Schnell",
    description: "The fastest model, for quick drafts and trying ideas.",
    speed: "fastest",
    typicalSeconds: 2,
    pricePerImageUsd: 0.003,
    cancelAfter: "2m",
    outputShape: "array",
    aspectRatios: ASPECT_RATIOS,
    defaultAspectRatio: "1:1",
    outputFormats: OUTPUT_FORMATS,
    maxOutputs: 4,
    inputImage: "none",
    hasGoFast: true,
    inputSchema: fluxSchnellInput,
    toProviderInput: sameInput,
  },
  "flux-dev": {
    key: "flux-dev",
    providerModel: "black-forest-labs/flux-dev",
    label: "FLUX Dev",
    description: "Balances quality and speed; supports image-to-image.",
    speed: "balanced",
    typicalSeconds: 8,
    // Third-party aggregators' figure; Replicate's own page was not verified.
    pricePerImageUsd: 0.025,
    cancelAfter: "3m",
    outputShape: "array",
    aspectRatios: ASPECT_RATIOS,
    defaultAspectRatio: "1:1",
    outputFormats: OUTPUT_FORMATS,
    maxOutputs: 4,
    inputImage: "none",
    hasGoFast: true,
    inputSchema: fluxDevInput,
    toProviderInput: sameInput,
  },
  "flux-pro": {
    key: "flux-pro",
    providerModel: "black-forest-labs/flux-pro",
    label: "FLUX Pro",
    description: "The highest quality, for finished and professional work.",
    speed: "best",
    typicalSeconds: 12,
    pricePerImageUsd: 0.055,
    cancelAfter: "3m",
    outputShape: "single",
    aspectRatios: FLUX_PRO_ASPECT_RATIOS,
    defaultAspectRatio: "1:1",
    outputFormats: OUTPUT_FORMATS,
    maxOutputs: 1,
    inputImage: "none",
    hasGoFast: false,
    inputSchema: fluxProInput,
    toProviderInput: fluxProProviderInput,
  },
  "flux-general": {
    key: "flux-general",
    providerModel: "black-forest-labs/flux-dev-lora",
    label: "FLUX General (LoRA)",
    description: "A general model that takes LoRA weights for custom styles and subjects.",
    speed: "balanced",
    typicalSeconds: 10,
    // Estimate: no published per-image price for flux-dev-lora was found; dev's price plus the LoRA load.
    pricePerImageUsd: 0.032,
    cancelAfter: "5m",
    outputShape: "array",
    aspectRatios: ASPECT_RATIOS,
    defaultAspectRatio: "1:1",
    outputFormats: OUTPUT_FORMATS,
    maxOutputs: 4,
    inputImage: "none",
    hasGoFast: true,
    inputSchema: fluxGeneralInput,
    toProviderInput: sameInput,
  },
  "flux-kontext-pro": {
    key: "flux-kontext-pro",
    providerModel: "black-forest-labs/flux-kontext-pro",
    label: "FLUX Kontext Pro",
    description: "Edits an image from an instruction, keeping the rest of it as it was.",
    speed: "fast",
    typicalSeconds: 6,
    // $0.04 per image: Black Forest Labs' price for Kontext [pro] as resellers list it (runflow.io); Replicate's
    // own page was not reachable offline.
    pricePerImageUsd: 0.04,
    outputShape: "single",
    aspectRatios: EDIT_ASPECT_RATIOS,
    defaultAspectRatio: MATCH_INPUT_IMAGE,
    outputFormats: ["png", "jpg"],
    maxOutputs: 1,
    inputImage: "required",
    hasGoFast: false,
    // A hosted model on an official endpoint like flux-pro: queues are short, so the same deadline.
    cancelAfter: "3m",
    inputSchema: fluxKontextProInput,
    toProviderInput: sameInput,
  },
};

export function isImageModelKey(key: string): key is ImageModelKey {
  return (IMAGE_MODEL_KEYS as readonly string[]).includes(key);
}

/** Throws UnknownModelError for anything that is not a registry key; there is no fallback model. */
export function getImageModel(key: string): ImageModel {
  if (!isImageModelKey(key)) throw new UnknownModelError(key);
  return IMAGE_MODELS[key];
}

/** The provider model id for a key (`owner/name`), as the product brief names it. */
export function getReplicateModelVersion(key: string): string {
  return getImageModel(key).providerModel;
}

/** Price of `images` images in whole micro-dollars, the unit budgets are kept in. */
export function priceMicrosFor(key: ImageModelKey, images: number, overrides?: Partial<Record<ImageModelKey, number>>): number {
  return Math.round(priceFor(key, images, overrides) * 1_000_000);
}

/** Cost in USD of `images` images; `overrides` (e.g. from MODEL_PRICES_USD) replace the table's price. */
export function priceFor(key: ImageModelKey, images: number, overrides?: Partial<Record<ImageModelKey, number>>): number {
  if (!Number.isInteger(images) || images < 0) throw new RangeError(`images must be a whole number ≥ 0, got ${images}`);
  const unit = overrides?.[key] ?? getImageModel(key).pricePerImageUsd;
  // Round to micro-dollars so sums of float prices stay exact enough to store and compare.
  return Math.round(unit * images * 1_000_000) / 1_000_000;
}

/** Output URLs of a prediction, whatever its shape: an array of URIs, one URI, or null once data is removed. */
export function outputUrls(model: ImageModel, output: unknown): string[] {
  const urls = outputCandidateUrls(output);
  return model.outputShape === "single" ? urls.slice(0, 1) : urls;
}

/** Every http(s) URL in a prediction's output, whatever the model's shape; `outputUrls` keeps the model's share. */
export function outputCandidateUrls(output: unknown): string[] {
  const candidates = Array.isArray(output) ? output : output === null || output === undefined ? [] : [output];
  return candidates.filter(isHttpUrl);
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== "string") return false;
  try {
    const { protocol } = new URL(value);
    return protocol === "https:" || protocol === "http:";
  } catch {
    return false;
  }
}
