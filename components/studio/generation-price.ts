import type { ModelOption } from "@/lib/shared/models/options";
import { expectedOutputMegapixels, priceMicrosOfInput } from "@/lib/shared/models/price";
import { type PickedImage, pricedSizes } from "./reference-list";

type PricedModel = Pick<ModelOption, "price" | "size" | "maxInputImages" | "editsImage">;

/** What of the form a price depends on. */
export interface PriceChoice {
  imageCount: number;
  /** The resolution picked in the form ("" for none): sent, as the model's size field, only when the model takes it. */
  resolution: string;
  inputImage: PickedImage | null;
  references: readonly PickedImage[];
}

/**
 * The resolution the request names, or null to leave the model's default. "Same as image 1" means nothing without a
 * reference, so it falls back to the default rather than asking the provider for an impossible size.
 */
export function chosenResolution(model: Pick<ModelOption, "size">, resolution: string, hasReferences: boolean): string | null {
  if (!model.size?.resolutions.includes(resolution)) return null;
  return resolution === "match_input_image" && !hasReferences ? null : resolution;
}

/** The images a request sends, in the order the server prices them: the image to edit, then the references. */
export function sentImages(
  model: Pick<ModelOption, "maxInputImages" | "editsImage">,
  choice: Pick<PriceChoice, "inputImage" | "references">,
): PickedImage[] {
  if (model.editsImage) return choice.inputImage ? [choice.inputImage] : [];
  return model.maxInputImages > 0 ? choice.references.slice(0, model.maxInputImages) : [];
}

/**
 * What this form's request will reserve, in micro-dollars: the server's own price function on the same input and the
 * same facts (the resolution's output size, the images' sizes), so the label, the budget check and the charge agree.
 */
export function generationPriceMicros(model: PricedModel, choice: PriceChoice): number {
  const images = sentImages(model, choice);
  const input: Record<string, unknown> = { num_outputs: choice.imageCount };
  const resolution = chosenResolution(model, choice.resolution, images.length > 0);
  if (resolution !== null && model.size) input[model.size.field] = resolution;
  const sizes = pricedSizes(images);
  return priceMicrosOfInput(model.price, input, { outputMegapixels: expectedOutputMegapixels(model.size, input, sizes), inputImages: sizes });
}

/** One image at the model's defaults, nothing attached: what the model picker shows on its card. */
export const defaultPriceMicros = (model: PricedModel) =>
  generationPriceMicros(model, { imageCount: 1, resolution: "", inputImage: null, references: [] });
