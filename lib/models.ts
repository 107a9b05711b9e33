import * as z from "zod";

/** The one model registry: app model keys → provider model, input schema, output shape, price. */

export const IMAGE_MODEL_KEYS = ["flux-schnell", "flux-dev", "flux-pro", "flux-general"] as const;
export type ImageModelKey = (typeof IMAGE_MODEL_KEYS)[number];

export const ASPECT_RATIOS = ["1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "3:4", "4:3", "9:16", "9:21"] as const;
type AspectRatio = (typeof ASPECT_RATIOS)[number];

/** flux-pro has no 21:9 / 9:21 presets (only `custom` sizes, which the app does not offer). */
const FLUX_PRO_ASPECT_RATIOS = ASPECT_RATIOS.filter((ratio) => ratio !== "21:9" && ratio !== "9:21");

const OUTPUT_FORMATS = ["webp", "jpg", "png"] as const;

const PROMPT_MAX_LENGTH = 2000;

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
  aspectRatios: readonly AspectRatio[];
  maxOutputs: number;
  /**
   * The app-facing input (prompt, aspect_ratio, seed, num_outputs, output_format and the model's own
   * knobs) with the provider's real limits. Unknown fields are rejected. Its output is the `input`
   * object sent to Replicate.
   */
  inputSchema: z.ZodType<Record<string, unknown>>;
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
const seedSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const outputQualitySchema = z.number().int().min(0).max(100);
const httpUrlSchema = z.url({ protocol: /^https?$/ });

function commonFields(aspectRatios: readonly AspectRatio[], maxOutputs: number) {
  return {
    prompt: promptSchema,
    aspect_ratio: z.enum(aspectRatios as [AspectRatio, ...AspectRatio[]]).optional(),
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

// Only public LoRA references; the provider's hf_api_token / civitai_api_token inputs are secrets and stay out.
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
  lora_scale: z.number().min(-1).max(3).optional(),
  extra_lora: loraReferenceSchema.optional(),
  extra_lora_scale: z.number().min(-1).max(3).optional(),
});

// flux-pro names its step count `steps`; the app uses `num_inference_steps` for every model and maps it here.
const fluxProInput = z
  .strictObject({
    ...commonFields(FLUX_PRO_ASPECT_RATIOS, 1),
    num_inference_steps: z.number().int().min(1).max(50).optional(),
    guidance: z.number().min(2).max(5).optional(),
    interval: z.number().min(1).max(4).optional(),
    safety_tolerance: z.number().int().min(1).max(6).optional(),
    prompt_upsampling: z.boolean().optional(),
    image_prompt: httpUrlSchema.optional(),
  })
  .transform(({ num_outputs: _single, num_inference_steps, ...rest }) =>
    num_inference_steps === undefined ? rest : { ...rest, steps: num_inference_steps },
  );

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
    maxOutputs: 4,
    inputSchema: fluxSchnellInput,
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
    maxOutputs: 4,
    inputSchema: fluxDevInput,
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
    maxOutputs: 1,
    inputSchema: fluxProInput,
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
    maxOutputs: 4,
    inputSchema: fluxGeneralInput,
  },
};

function isImageModelKey(key: string): key is ImageModelKey {
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
  const candidates = Array.isArray(output) ? output : output === null || output === undefined ? [] : [output];
  const urls = candidates.filter(isHttpUrl);
  return model.outputShape === "single" ? urls.slice(0, 1) : urls;
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

export const GEMINI_DEFAULT_MODEL = "gemini-3.5-flash";
const GEMINI_RETIRED_PREFIXES = ["gemini-1.0", "gemini-1.5"];

/** True for model ids of shut-down Gemini families (they answer 404); accepts a `models/` prefix. */
export function isRetiredGeminiModel(id: string): boolean {
  const bare = id
    .trim()
    .toLowerCase()
    .replace(/^models\//, "");
  return GEMINI_RETIRED_PREFIXES.some((prefix) => bare === prefix || bare.startsWith(`${prefix}-`));
}
