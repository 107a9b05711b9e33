import type { GenerateRequest } from "@/lib/shared/api/generate";
import { LORA_SCALE_MAX, LORA_SCALE_MIN, SEED_MAX } from "@/lib/shared/limits";
import type { OutputFormat } from "@/lib/shared/limits";
import type { ModelOption } from "@/lib/shared/models/options";
import { chosenResolution, sentImages } from "./generation-price";
import type { PickedImage } from "./reference-list";

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
  /** The image to edit (FLUX Kontext). */
  inputImage: PickedImage | null;
  /** Reference images in order (the prompt's "image 1" is the first), for models that read them. */
  references: readonly PickedImage[];
  /** The resolution picked ("" for the model's default), for models that take one (its `size.field`). */
  resolution: string;
  /** The task these settings came from ("Use these settings", "Edit this image"). */
  parentId: string | null;
  /** Knobs carried over from that task that the form does not show; dropped when the model changes. */
  carried: Record<string, unknown>;
}

export type InvalidField = "prompt" | "seed" | "loraScale" | "inputImage";

export type BuildResult = { ok: true; body: GenerateRequest } | { ok: false; field: InvalidField };

/** Turns what the form holds into the POST /api/generate body, or names the first field that is wrong. */
export function buildGenerateRequest(
  values: ComposerValues,
  model: Pick<ModelOption, "key" | "aspectRatios" | "maxOutputs" | "supportsLora" | "outputFormats" | "editsImage" | "maxInputImages" | "size">,
  locale: string,
): BuildResult {
  const prompt = values.prompt.trim();
  if (prompt === "") return { ok: false, field: "prompt" };
  if (model.editsImage && !values.inputImage) return { ok: false, field: "inputImage" };

  const body: Record<string, unknown> = {
    ...values.carried,
    model: model.key,
    prompt,
    aspect_ratio: model.aspectRatios.includes(values.aspectRatio) ? values.aspectRatio : (model.aspectRatios[0] ?? "1:1"),
    is_private: values.isPrivate,
    locale,
    output_format: model.outputFormats.includes(values.outputFormat) ? values.outputFormat : model.outputFormats[0],
  };
  if (model.editsImage && values.inputImage) body.input_image = values.inputImage.ref;
  // The same images the price counts: the references in order, only for a model that reads them.
  const images = sentImages(model, values);
  if (!model.editsImage && images.length > 0) body.input_images = images.map((image) => image.ref);
  const resolution = chosenResolution(model, values.resolution, images.length > 0);
  // Under the name the model's price and provider read (`resolution`, or `output_megapixels` for some).
  if (resolution !== null && model.size) body[model.size.field] = resolution;
  if (values.parentId) body.parent_id = values.parentId;

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
  // Built field by field for whichever model is picked; the server's schema for that model parses it.
  return { ok: true, body: body as GenerateRequest };
}
