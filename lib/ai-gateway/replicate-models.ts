import "server-only";
import type { ModelKey } from "../shared/models/catalogue";

/**
 * How each model is called at Replicate: the official model it maps to, the shape of its output, its deadline, and
 * the renames its input needs. The input itself was checked once, by the route (lib/shared/api/generate.ts).
 * Replicate deletes an API prediction's outputs about an hour after it ends (replicate.com/docs/topics/predictions),
 * so finished images are copied to R2 at once.
 */
export interface ReplicateModel {
  key: ModelKey;
  /** Replicate's `owner/name` of the official model (or `owner/name:<version>` for a pinned one). */
  model: string;
  /** flux-schnell/dev/dev-lora answer with an array of URIs; the hosted models with one URI. */
  output: "array" | "single";
  /**
   * Replicate's `Cancel-After` for its creates: a prediction that has not started by then ends `aborted` and is
   * not charged; one still running is `canceled` and charged (replicate.com/changelog/2025-10-16-prediction-deadlines).
   * A few typical run times plus a cold start; REPLICATE_CANCEL_AFTER overrides it.
   */
  cancelAfter: string;
  /** The `input` object Replicate receives, from the app's parsed input (renames only). */
  toInput: (input: Record<string, unknown>) => Record<string, unknown>;
}

const sameInput = (input: Record<string, unknown>) => input;

/** The app names reference images `input_images` for every model; some providers call them otherwise. */
function referencesAs(field: string) {
  return ({ input_images, ...rest }: Record<string, unknown>): Record<string, unknown> =>
    input_images === undefined ? rest : { ...rest, [field]: input_images };
}

// flux-pro names its step count `steps` and makes one image; the app says `num_inference_steps` for every model.
function fluxProInput({ num_outputs: _single, num_inference_steps, ...rest }: Record<string, unknown>): Record<string, unknown> {
  return num_inference_steps === undefined ? rest : { ...rest, steps: num_inference_steps };
}

// flux-fill-pro calls the image it repaints `image` and has no aspect ratio (the image sets it); the mask and the
// outpaint preset keep their names (version page cited in lib/shared/api/generate.ts).
function fluxFillInput({ input_image, aspect_ratio: _image, ...rest }: Record<string, unknown>): Record<string, unknown> {
  return { ...rest, image: input_image };
}

// google/upscaler reads `image` and `upscale_factor` ("x2" | "x4") and takes no prompt or aspect ratio.
function upscalerInput({ input_image, scale, prompt: _none, aspect_ratio: _image, ...rest }: Record<string, unknown>): Record<string, unknown> {
  return { ...rest, image: input_image, upscale_factor: `x${String(scale)}` };
}

export const REPLICATE_MODELS: Record<ModelKey, ReplicateModel> = {
  "flux-schnell": { key: "flux-schnell", model: "black-forest-labs/flux-schnell", output: "array", cancelAfter: "2m", toInput: sameInput },
  "flux-dev": { key: "flux-dev", model: "black-forest-labs/flux-dev", output: "array", cancelAfter: "3m", toInput: sameInput },
  "flux-pro": { key: "flux-pro", model: "black-forest-labs/flux-pro", output: "single", cancelAfter: "3m", toInput: fluxProInput },
  "flux-general": { key: "flux-general", model: "black-forest-labs/flux-dev-lora", output: "array", cancelAfter: "5m", toInput: sameInput },
  // A hosted model on an official endpoint like flux-pro: queues are short, so the same deadline.
  "flux-kontext-pro": {
    key: "flux-kontext-pro",
    model: "black-forest-labs/flux-kontext-pro",
    output: "single",
    cancelAfter: "3m",
    toInput: sameInput,
  },
  // FLUX.2 and Nano Banana (version pages cited in lib/shared/api/generate.ts): one URI each, but Klein answers with
  // a list of one; Klein calls its references `images`, Nano Banana `image_input`.
  "flux-2-pro": { key: "flux-2-pro", model: "black-forest-labs/flux-2-pro", output: "single", cancelAfter: "3m", toInput: sameInput },
  "flux-2-flex": { key: "flux-2-flex", model: "black-forest-labs/flux-2-flex", output: "single", cancelAfter: "5m", toInput: sameInput },
  "flux-2-dev": { key: "flux-2-dev", model: "black-forest-labs/flux-2-dev", output: "single", cancelAfter: "3m", toInput: sameInput },
  "flux-2-klein-4b": {
    key: "flux-2-klein-4b",
    model: "black-forest-labs/flux-2-klein-4b",
    output: "array",
    cancelAfter: "2m",
    toInput: referencesAs("images"),
  },
  "nano-banana-pro": {
    key: "nano-banana-pro",
    model: "google/nano-banana-pro",
    output: "single",
    cancelAfter: "5m",
    toInput: referencesAs("image_input"),
  },
  "nano-banana-2": { key: "nano-banana-2", model: "google/nano-banana-2", output: "single", cancelAfter: "3m", toInput: referencesAs("image_input") },
  // Official hosted models with one URI each; fill runs up to 50 steps like flux-pro, an upscale is one call to Google.
  "flux-fill-pro": { key: "flux-fill-pro", model: "black-forest-labs/flux-fill-pro", output: "single", cancelAfter: "3m", toInput: fluxFillInput },
  upscaler: { key: "upscaler", model: "google/upscaler", output: "single", cancelAfter: "3m", toInput: upscalerInput },
};

/** The app's key for a Replicate model name, for records of calls whose answer names the model. */
export function modelKeyOfReplicate(name: string): ModelKey | null {
  return Object.values(REPLICATE_MODELS).find((entry) => entry.model === name)?.key ?? null;
}

/** Output URLs of a prediction, whatever its shape: an array of URIs, one URI, or null once data is removed. */
export function outputUrls(model: ReplicateModel, output: unknown): string[] {
  const urls = outputCandidateUrls(output);
  return model.output === "single" ? urls.slice(0, 1) : urls;
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
