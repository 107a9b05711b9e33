import { MAX_OUTPUTS_PER_TASK, OUTPUT_FORMATS, type OutputFormat } from "@/lib/shared/limits";
import type { PriceRule } from "@/lib/shared/models/price";

/**
 * The models the studio offers, as the studio and the API describe them: what each is for, its limits and how its
 * price follows the input. Plain data, no schema library, so the browser can import it. The inputs each model takes
 * are checked by lib/shared/api/generate.ts; how a model is called at the provider is lib/ai-gateway/replicate-models.ts.
 * Inputs and limits of schnell, dev and dev-lora: replicate/cog-flux predict.py @2610fcc (Inputs, SchnellPredictor,
 * DevPredictor, DevLoraPredictor).
 */

export const MODEL_KEYS = ["flux-schnell", "flux-dev", "flux-pro", "flux-general", "flux-kontext-pro"] as const;
export type ModelKey = (typeof MODEL_KEYS)[number];

/** `generate` makes an image from a prompt; `edit` changes a given image. */
type ModelKind = "generate" | "edit";

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
    supportsLora: false,
    hasGoFast: false,
    price: {
      usd: 0.04,
      per: "image",
      source: "Black Forest Labs' price for Kontext [pro] as resellers list it (runflow.io); Replicate's own page was not reachable offline",
      estimate: true,
    },
  },
};

export function isModelKey(key: string): key is ModelKey {
  return (MODEL_KEYS as readonly string[]).includes(key);
}

/** A model's label, or the key itself for a model no longer offered (old tasks keep theirs). */
export function modelLabel(key: string): string {
  return isModelKey(key) ? MODEL_CARDS[key].label : key;
}
