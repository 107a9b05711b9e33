import type { GenerateRequest } from "@/lib/shared/api/generate";
import type { ImageSize } from "@/lib/shared/image-types";
import type { ModelOption } from "@/lib/shared/models/options";
import { expectedOutputMegapixels, priceMicrosOfInput } from "@/lib/shared/models/price";

/** An image the tools work on: how the API names it, where the browser shows it, its size when known, its privacy. */
export interface ToolImage {
  ref: string;
  url: string;
  size: ImageSize | null;
  /** A new task made from it keeps this privacy (an upload is private; its tasks follow the composer's switch). */
  isPrivate: boolean;
}

/** What the server assumes of an image whose size it never measured (an output stored before sizes were kept). */
const UNKNOWN_SIZE: ImageSize = { width: 1000, height: 1000 };

/** The price of a tool's request, with the facts the server prices it by (the input image's size). */
export function toolPriceMicros(model: Pick<ModelOption, "price" | "size">, input: Readonly<Record<string, unknown>>, image: ToolImage): number {
  const sizes = [image.size ?? UNKNOWN_SIZE];
  return priceMicrosOfInput(model.price, input, { outputMegapixels: expectedOutputMegapixels(model.size, input, sizes), inputImages: sizes });
}

interface Common {
  locale: string;
}

/** Repaint the white part of `maskRef` (an upload), guided by `prompt` when one is given. */
export function fillRequest(model: string, image: ToolImage, maskRef: string, prompt: string, { locale }: Common): GenerateRequest {
  return build({ model, input_image: image.ref, mask: maskRef, prompt: prompt.trim(), is_private: image.isPrivate, locale });
}

/** Extend the frame by one of the fill model's outpaint presets (spelled as the provider spells it). */
export function outpaintRequest(model: string, image: ToolImage, preset: string, { locale }: Common): GenerateRequest {
  return build({ model, input_image: image.ref, outpaint: preset, prompt: "", is_private: image.isPrivate, locale });
}

export function upscaleRequest(model: string, image: ToolImage, scale: number, { locale }: Common): GenerateRequest {
  return build({ model, input_image: image.ref, scale, is_private: image.isPrivate, locale });
}

// Built for whichever fill or upscale model the catalogue offers; the server's schema for that model parses it.
const build = (body: Record<string, unknown>) => body as GenerateRequest;
