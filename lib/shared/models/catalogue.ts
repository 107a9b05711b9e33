import { MAX_OUTPUTS_PER_TASK, OUTPUT_FORMATS, type OutputFormat } from "@/lib/shared/limits";
import type { OutputSizeRule, PriceRule } from "@/lib/shared/models/price";

/**
 * The models the studio offers, as the studio and the API describe them: what each is for, its limits and how its
 * price follows the input. Plain data, no schema library, so the browser can import it. The inputs each model takes
 * are checked by lib/shared/api/generate.ts; how a model is called at the provider is lib/ai-gateway/replicate-models.ts.
 * Inputs and limits of schnell, dev and dev-lora: replicate/cog-flux predict.py @2610fcc (Inputs, SchnellPredictor,
 * DevPredictor, DevLoraPredictor).
 */

export const MODEL_KEYS = [
  "flux-schnell",
  "flux-dev",
  "flux-pro",
  "flux-general",
  "flux-kontext-pro",
  "flux-2-pro",
  "flux-2-flex",
  "flux-2-dev",
  "flux-2-klein-4b",
  "nano-banana-pro",
  "nano-banana-2",
  "flux-fill-pro",
  "upscaler",
] as const;
export type ModelKey = (typeof MODEL_KEYS)[number];

/** `generate` makes an image from a prompt (references allowed); `edit` changes a given image; `fill` repaints a masked area; `upscale` enlarges. */
export type ModelKind = "generate" | "edit" | "fill" | "upscale";

/** What the studio's picker groups a model under. */
export const MODEL_PURPOSES = ["draft", "quality", "references", "text"] as const;
type ModelPurpose = (typeof MODEL_PURPOSES)[number];

/** @internal Exported for tests/unit/models.test.ts. */
export const ASPECT_RATIOS = ["1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "3:4", "4:3", "9:16", "9:21"] as const;

/** flux-pro has no 21:9 / 9:21 presets (only `custom` sizes, which the app does not offer). */
const FLUX_PRO_ASPECT_RATIOS = ASPECT_RATIOS.filter((ratio) => ratio !== "21:9" && ratio !== "9:21");

/** An edit keeps the input image's ratio unless told otherwise. */
const MATCH_INPUT_IMAGE = "match_input_image";

/**
 * FLUX Kontext's `aspect_ratio`: the presets plus 2:1 / 1:2 and `match_input_image` (its default), per the model's
 * input schema on Replicate (black-forest-labs/flux-kontext-pro, version 0a138193…/api; options as listed there).
 */
const EDIT_ASPECT_RATIOS = [MATCH_INPUT_IMAGE, ...ASPECT_RATIOS, "2:1", "1:2"] as const;

/**
 * FLUX.2's ratios on Replicate (black-forest-labs/flux-2-pro, version ccb5e331…; the same for flex and dev): the app
 * offers every preset and `match_input_image` (the first reference's ratio), not `custom` sizes.
 */
const FLUX_2_ASPECT_RATIOS = [MATCH_INPUT_IMAGE, "1:1", "16:9", "3:2", "2:3", "4:5", "5:4", "9:16", "3:4", "4:3"] as const;

/**
 * FLUX.2 [pro]/[flex] `resolution`: megapixels of the output (at most 2048 px a side), or `match_input_image`, the
 * first reference's size clamped to 0.5–4 MP (replicate.com/black-forest-labs/flux-2-pro/versions/285631b5…/api).
 */
const FLUX_2_SIZE: OutputSizeRule = {
  field: "resolution",
  resolutions: [MATCH_INPUT_IMAGE, "0.5 MP", "1 MP", "2 MP", "4 MP"],
  defaultResolution: "1 MP",
  megapixels: { "0.5 MP": 0.5, "1 MP": 1, "2 MP": 2, "4 MP": 4 },
  matchInput: { minMegapixels: 0.5, maxMegapixels: 4 },
};

/** Nano Banana's ratios on Replicate (google/nano-banana-pro, version f5318740…/api, options as Google lists them). */
const NANO_BANANA_ASPECT_RATIOS = [MATCH_INPUT_IMAGE, "1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"] as const;

/** 1K, 2K, 4K: about 1, 4 and 16 megapixels at any ratio (ai.google.dev/gemini-api/docs/image-generation). */
function nanoBananaSize(defaultResolution: string): OutputSizeRule {
  return { field: "resolution", resolutions: ["1K", "2K", "4K"], defaultResolution, megapixels: { "1K": 1, "2K": 4, "4K": 16 } };
}

export interface ModelCard {
  key: ModelKey;
  label: string;
  /** What the model is for (English; the dictionaries translate it). */
  description: string;
  kind: ModelKind;
  speed: "fastest" | "fast" | "balanced" | "best";
  typicalSeconds: number;
  aspectRatios: readonly string[];
  /** The aspect ratio used when the request names none. */
  defaultAspectRatio: string;
  outputFormats: readonly OutputFormat[];
  maxOutputs: number;
  /** `required`: the model edits an image (`input_image`); `none`: it takes none. */
  inputImage: "required" | "none";
  /** How many reference images (`input_images`) it reads, in order; 0 when it takes none. */
  maxInputImages: number;
  /** What the picker groups it under. */
  purpose: ModelPurpose;
  /** The resolutions it takes and the size each gives; null for models with a fixed output size. */
  size: OutputSizeRule | null;
  /** Takes LoRA weights (`lora_weights`, `lora_scale`). */
  supportsLora: boolean;
  /**
   * cog-flux's `go_fast` (fp8, its default) is not deterministic: the same seed need not give the same image.
   * True for models with that knob; a task is exactly reproducible only when it turned go_fast off.
   */
  hasGoFast: boolean;
  price: PriceRule;
}

export const MODEL_CARDS: Record<ModelKey, ModelCard> = {
  "flux-schnell": {
    key: "flux-schnell",
    label: "FLUX Schnell",
    description: "The fastest model, for quick drafts and trying ideas.",
    kind: "generate",
    speed: "fastest",
    typicalSeconds: 2,
    aspectRatios: ASPECT_RATIOS,
    defaultAspectRatio: "1:1",
    outputFormats: OUTPUT_FORMATS,
    maxOutputs: MAX_OUTPUTS_PER_TASK,
    inputImage: "none",
    maxInputImages: 0,
    purpose: "draft",
    size: null,
    supportsLora: false,
    hasGoFast: true,
    price: { usd: 0.003, per: "image", source: "replicate.com/black-forest-labs/flux-schnell", estimate: false },
  },
  "flux-dev": {
    key: "flux-dev",
    label: "FLUX Dev",
    description: "Balances quality and speed; supports image-to-image.",
    kind: "generate",
    speed: "balanced",
    typicalSeconds: 8,
    aspectRatios: ASPECT_RATIOS,
    defaultAspectRatio: "1:1",
    outputFormats: OUTPUT_FORMATS,
    maxOutputs: MAX_OUTPUTS_PER_TASK,
    inputImage: "none",
    maxInputImages: 0,
    purpose: "quality",
    size: null,
    supportsLora: false,
    hasGoFast: true,
    price: { usd: 0.025, per: "image", source: "third-party aggregators; Replicate's own page was not verified", estimate: true },
  },
  "flux-pro": {
    key: "flux-pro",
    label: "FLUX Pro",
    description: "The highest quality, for finished and professional work.",
    kind: "generate",
    speed: "best",
    typicalSeconds: 12,
    aspectRatios: FLUX_PRO_ASPECT_RATIOS,
    defaultAspectRatio: "1:1",
    outputFormats: OUTPUT_FORMATS,
    maxOutputs: 1,
    inputImage: "none",
    maxInputImages: 0,
    purpose: "quality",
    size: null,
    supportsLora: false,
    hasGoFast: false,
    price: { usd: 0.055, per: "image", source: "replicate.com/black-forest-labs/flux-pro", estimate: false },
  },
  "flux-general": {
    key: "flux-general",
    label: "FLUX General (LoRA)",
    description: "A general model that takes LoRA weights for custom styles and subjects.",
    kind: "generate",
    speed: "balanced",
    typicalSeconds: 10,
    aspectRatios: ASPECT_RATIOS,
    defaultAspectRatio: "1:1",
    outputFormats: OUTPUT_FORMATS,
    maxOutputs: MAX_OUTPUTS_PER_TASK,
    inputImage: "none",
    maxInputImages: 0,
    purpose: "quality",
    size: null,
    supportsLora: true,
    hasGoFast: true,
    price: {
      usd: 0.032,
      per: "image",
      source: "no published per-image price for flux-dev-lora was found: dev's price plus the LoRA load",
      estimate: true,
    },
  },
  "flux-kontext-pro": {
    key: "flux-kontext-pro",
    label: "FLUX Kontext Pro",
    description: "Edits an image from an instruction, keeping the rest of it as it was.",
    kind: "edit",
    speed: "fast",
    typicalSeconds: 6,
    aspectRatios: EDIT_ASPECT_RATIOS,
    defaultAspectRatio: MATCH_INPUT_IMAGE,
    outputFormats: ["png", "jpg"],
    maxOutputs: 1,
    inputImage: "required",
    maxInputImages: 0,
    purpose: "references",
    size: null,
    supportsLora: false,
    hasGoFast: false,
    price: {
      usd: 0.04,
      per: "image",
      source: "Black Forest Labs' price for Kontext [pro] as resellers list it (runflow.io); Replicate's own page was not reachable offline",
      estimate: true,
    },
  },
  "flux-2-pro": {
    key: "flux-2-pro",
    label: "FLUX.2 Pro",
    description: "Black Forest Labs' production model: sharp detail, and edits with up to 8 reference images.",
    kind: "generate",
    speed: "balanced",
    typicalSeconds: 10,
    aspectRatios: FLUX_2_ASPECT_RATIOS,
    defaultAspectRatio: "1:1",
    outputFormats: OUTPUT_FORMATS,
    maxOutputs: 1,
    inputImage: "none",
    maxInputImages: 8,
    purpose: "quality",
    size: FLUX_2_SIZE,
    supportsLora: false,
    hasGoFast: false,
    price: {
      per: "megapixel",
      firstUsd: 0.03,
      extraUsd: 0.015,
      inputUsd: 0.015,
      source:
        "Black Forest Labs' FLUX.2 [pro] price (bfl.ai/pricing): $0.03 the first output megapixel, $0.015 each further one and each input megapixel; Replicate's own page was not found",
      estimate: true,
    },
  },
  "flux-2-flex": {
    key: "flux-2-flex",
    label: "FLUX.2 Flex",
    description: "Tunable steps and guidance, strong at lettering and fine detail; up to 10 reference images.",
    kind: "generate",
    speed: "best",
    typicalSeconds: 20,
    aspectRatios: FLUX_2_ASPECT_RATIOS,
    defaultAspectRatio: "1:1",
    outputFormats: OUTPUT_FORMATS,
    maxOutputs: 1,
    inputImage: "none",
    maxInputImages: 10,
    purpose: "text",
    size: FLUX_2_SIZE,
    supportsLora: false,
    hasGoFast: false,
    price: {
      per: "megapixel",
      firstUsd: 0.06,
      extraUsd: 0.06,
      inputUsd: 0.06,
      source: "$0.06 per megapixel of input and output, as lumenfall.ai lists FLUX.2 [flex] on Replicate; Replicate's own page was not found",
      estimate: true,
    },
  },
  "flux-2-dev": {
    key: "flux-2-dev",
    label: "FLUX.2 Dev",
    description: "The open FLUX.2 model: quick, with up to 4 reference images.",
    kind: "generate",
    speed: "fast",
    typicalSeconds: 6,
    aspectRatios: FLUX_2_ASPECT_RATIOS,
    defaultAspectRatio: "1:1",
    outputFormats: OUTPUT_FORMATS,
    maxOutputs: 1,
    inputImage: "none",
    maxInputImages: 4,
    purpose: "references",
    size: null,
    supportsLora: false,
    hasGoFast: true,
    price: {
      per: "megapixel",
      firstUsd: 0.012,
      extraUsd: 0.012,
      inputUsd: 0,
      source: "$0.012 per output megapixel with go_fast, as a public price list citing replicate.com gives it; Replicate's page itself was not found",
      estimate: true,
    },
  },
  "flux-2-klein-4b": {
    key: "flux-2-klein-4b",
    label: "FLUX.2 Klein 4B",
    description: "The smallest FLUX.2: sub-second drafts, with up to 5 reference images.",
    kind: "generate",
    speed: "fastest",
    typicalSeconds: 2,
    // black-forest-labs/flux-2-klein-4b, version 8e9c42d7…/api.
    aspectRatios: ["1:1", "16:9", "9:16", "3:2", "2:3", "4:3", "3:4", "5:4", "4:5", "21:9", "9:21", MATCH_INPUT_IMAGE],
    defaultAspectRatio: "1:1",
    outputFormats: OUTPUT_FORMATS,
    maxOutputs: 1,
    inputImage: "none",
    maxInputImages: 5,
    purpose: "draft",
    size: {
      field: "output_megapixels",
      resolutions: ["0.25", "0.5", "1", "2", "4"],
      defaultResolution: "1",
      megapixels: { "0.25": 0.25, "0.5": 0.5, "1": 1, "2": 2, "4": 4 },
    },
    supportsLora: false,
    hasGoFast: true,
    price: {
      per: "megapixel",
      firstUsd: 0.001,
      extraUsd: 0.001,
      inputUsd: 0,
      source:
        "$1 per 1,000 output megapixels, as a public price list citing replicate.com gives it (lumenfall.ai: $0.001/MP); Replicate's page itself was not found",
      estimate: true,
    },
  },
  "nano-banana-pro": {
    key: "nano-banana-pro",
    label: "Nano Banana Pro",
    description: "Google's Gemini 3 Pro Image: legible text in many languages, and up to 14 reference images.",
    kind: "generate",
    speed: "best",
    typicalSeconds: 25,
    aspectRatios: NANO_BANANA_ASPECT_RATIOS,
    defaultAspectRatio: MATCH_INPUT_IMAGE,
    outputFormats: ["jpg", "png"],
    maxOutputs: 1,
    inputImage: "none",
    maxInputImages: 14,
    purpose: "text",
    size: nanoBananaSize("2K"),
    supportsLora: false,
    hasGoFast: false,
    price: {
      per: "resolution",
      usd: { "1K": 0.15, "2K": 0.15, "4K": 0.3 },
      defaultTier: "2K",
      source: "$0.15 per image at 1K and 2K, $0.30 at 4K, as eachlabs and runflow list google/nano-banana-pro; Replicate's own page was not found",
      estimate: true,
    },
  },
  "nano-banana-2": {
    key: "nano-banana-2",
    label: "Nano Banana 2",
    description: "Google's fast Gemini 3.1 Flash Image: quick edits from up to 14 reference images.",
    kind: "generate",
    speed: "fast",
    typicalSeconds: 10,
    // google/nano-banana-2, version 2de9ad5b…/api: Nano Banana Pro's ratios and four very wide or tall ones.
    aspectRatios: [...NANO_BANANA_ASPECT_RATIOS, "1:4", "4:1", "1:8", "8:1"],
    defaultAspectRatio: MATCH_INPUT_IMAGE,
    outputFormats: ["jpg", "png"],
    maxOutputs: 1,
    inputImage: "none",
    maxInputImages: 14,
    purpose: "references",
    size: nanoBananaSize("1K"),
    supportsLora: false,
    hasGoFast: false,
    price: {
      per: "resolution",
      usd: { "1K": 0.067, "2K": 0.067, "4K": 0.134 },
      defaultTier: "1K",
      source:
        "$0.067 at 1K, as a public price list citing replicate.com gives it; 2K and 4K follow Nano Banana Pro's steps (the same, then double): an estimate",
      estimate: true,
    },
  },
  // black-forest-labs/flux-fill-pro (FLUX.1 Fill [pro]): repaints the white part of a mask, or extends the frame by an
  // outpaint preset; one output the image's size (larger for a preset). Inputs: lib/shared/api/generate.ts.
  "flux-fill-pro": {
    key: "flux-fill-pro",
    label: "FLUX Fill Pro",
    description: "Erases or replaces what you paint over, or extends the picture beyond its edges.",
    kind: "fill",
    speed: "balanced",
    typicalSeconds: 10,
    aspectRatios: [MATCH_INPUT_IMAGE],
    defaultAspectRatio: MATCH_INPUT_IMAGE,
    outputFormats: ["jpg", "png"],
    maxOutputs: 1,
    inputImage: "required",
    maxInputImages: 0,
    purpose: "quality",
    size: null,
    supportsLora: false,
    hasGoFast: false,
    price: {
      usd: 0.05,
      per: "image",
      source:
        "Black Forest Labs' price for FLUX.1 Fill [pro], $0.05 per image, as resellers of Replicate's model list it (railwail.com, apiframe.ai); Replicate's own price page was not found",
      estimate: true,
    },
  },
  // google/upscaler on Replicate (replicate.com/google/upscaler: "Upscale images 2x or 4x"; Google's Imagen upscale
  // behind it). Inputs, its version and the output limit: lib/shared/api/generate.ts and lib/shared/models/upscale.ts.
  upscaler: {
    key: "upscaler",
    label: "Google Upscaler",
    description: "Enlarges an image 2× or 4× for print and large screens, keeping its detail.",
    kind: "upscale",
    speed: "fast",
    typicalSeconds: 8,
    aspectRatios: [MATCH_INPUT_IMAGE],
    defaultAspectRatio: MATCH_INPUT_IMAGE,
    outputFormats: ["png"],
    maxOutputs: 1,
    inputImage: "required",
    maxInputImages: 0,
    purpose: "quality",
    size: null,
    supportsLora: false,
    hasGoFast: false,
    price: {
      per: "option",
      field: "scale",
      usd: { "2": 0.005, "4": 0.005 },
      defaultOption: "2",
      source:
        "$0.005 per image, as lumenfall.ai lists google-upscaler (served by Replicate) for either factor; Replicate's own price for google/upscaler was not found, so both factors carry that figure until the owner sets MODEL_PRICES_USD",
      estimate: true,
    },
  },
};

/**
 * The kinds the studio's composer makes images with (a prompt, perhaps an image to edit). Fill and upscale models work
 * on one finished image and have their own entry points: the composer and its picker never offer them.
 */
export const COMPOSER_KINDS: readonly ModelKind[] = ["generate", "edit"];

export function isModelKey(key: string): key is ModelKey {
  return (MODEL_KEYS as readonly string[]).includes(key);
}

/** A model's label, or the key itself for a model no longer offered (old tasks keep theirs). */
export function modelLabel(key: string): string {
  return isModelKey(key) ? MODEL_CARDS[key].label : key;
}
