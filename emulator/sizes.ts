/** Pixel sizes per aspect ratio, as in replicate/cog-flux `ASPECT_RATIOS`. */
const FLUX_ASPECT_RATIOS = {
  "1:1": [1024, 1024],
  "16:9": [1344, 768],
  "21:9": [1536, 640],
  "3:2": [1216, 832],
  "2:3": [832, 1216],
  "4:5": [896, 1088],
  "5:4": [1088, 896],
  "3:4": [896, 1152],
  "4:3": [1152, 896],
  "9:16": [768, 1344],
  "9:21": [640, 1536],
} as const satisfies Record<string, readonly [number, number]>;

export type FluxAspectRatio = keyof typeof FLUX_ASPECT_RATIOS;

export const COG_FLUX_ASPECT_RATIOS = Object.keys(FLUX_ASPECT_RATIOS) as FluxAspectRatio[];
export const PRO_ASPECT_RATIOS = ["custom", "1:1", "16:9", "3:2", "2:3", "4:5", "5:4", "9:16", "3:4", "4:3"] as const;

/** FLUX Kontext's `aspect_ratio` options (Replicate's schema): the input's ratio, or a preset. */
export const KONTEXT_ASPECT_RATIOS = [
  "match_input_image",
  "1:1",
  "16:9",
  "9:16",
  "4:3",
  "3:4",
  "3:2",
  "2:3",
  "4:5",
  "5:4",
  "21:9",
  "9:21",
  "2:1",
  "1:2",
] as const;

export interface ImageSize {
  width: number;
  height: number;
}

function roundTo32(n: number): number {
  return Math.max(32, Math.round(n / 32) * 32);
}

/** The output size a FLUX model would produce for the (already validated) input. */
function imageSizeFor(input: Record<string, unknown>): ImageSize {
  const ratio = typeof input.aspect_ratio === "string" ? input.aspect_ratio : "1:1";
  if (ratio === "custom") {
    const width = typeof input.width === "number" ? input.width : 1024;
    const height = typeof input.height === "number" ? input.height : 1024;
    return { width: roundTo32(width), height: roundTo32(height) };
  }
  const [width, height] = FLUX_ASPECT_RATIOS[ratio as FluxAspectRatio] ?? FLUX_ASPECT_RATIOS["1:1"];
  // cog-flux halves both sides for the 0.25 megapixel setting.
  if (input.megapixels === "0.25") return { width: Math.floor(width / 2), height: Math.floor(height / 2) };
  return { width, height };
}

/**
 * Kontext answers at about one megapixel with both sides multiples of 32 (BFL: "adjusts dimensions to the nearest
 * multiples of 32 pixels while staying at 1MP", help.bfl.ai "Aspect Ratios and Output Dimensions"), at the ratio asked for or, for match_input_image, the input's.
 */
function kontextSizeFor(ratio: string, input: ImageSize | undefined): ImageSize {
  let aspect = 1;
  if (ratio === "match_input_image") {
    if (input) aspect = input.width / input.height;
  } else {
    const [w, h] = ratio.split(":").map(Number);
    if (w && h) aspect = w / h;
  }
  // BFL: Kontext's supported range is 3:7 to 7:3; a more extreme input is answered at the nearest end.
  aspect = Math.min(7 / 3, Math.max(3 / 7, aspect));
  const pixels = 1024 * 1024;
  return { width: roundTo32(Math.sqrt(pixels * aspect)), height: roundTo32(Math.sqrt(pixels / aspect)) };
}

/**
 * FLUX.2 pro / max / flex / dev `aspect_ratio` options (Replicate's schema, e.g. flux-2-pro:ccb5e331, flux-2-max:9c23b0aa).
 */
export const FLUX2_ASPECT_RATIOS = ["match_input_image", "custom", "1:1", "16:9", "3:2", "2:3", "4:5", "5:4", "9:16", "3:4", "4:3"] as const;
/** FLUX.2 pro / max / flex `resolution` options; "1 MP" is 1024×1024 pixels (4 MP is the 2048×2048 maximum). */
export const FLUX2_RESOLUTIONS = ["match_input_image", "0.5 MP", "1 MP", "2 MP", "4 MP"] as const;
/** FLUX.2 [klein] `aspect_ratio` options (flux-2-klein-4b:8e9c42d7). */
export const KLEIN_ASPECT_RATIOS = ["1:1", "16:9", "9:16", "3:2", "2:3", "4:3", "3:4", "5:4", "4:5", "21:9", "9:21", "match_input_image"] as const;
/** FLUX.2 [klein] `output_megapixels` options (flux-2-klein-4b:8e9c42d7). */
export const KLEIN_MEGAPIXELS = ["0.25", "0.5", "1", "2", "4"] as const;

/**
 * Gemini 3 image models' output sizes at 1K (Google, ai.google.dev/gemini-api/docs/image-generation, "Aspect ratios and
 * image size", Gemini 3 Pro Image table): about one megapixel, sides multiples of 16, neither side fixed at 1024; 2K
 * doubles both sides and 4K quadruples them (the table's 2K and 4K columns are exactly that). The four extreme ratios
 * are Gemini 3.1 Flash Image's only (nano-banana-2); their 1K sizes are measured outputs, not a Google table.
 */
const GEMINI_1K_SIZES = {
  "1:1": [1024, 1024],
  "2:3": [848, 1264],
  "3:2": [1264, 848],
  "3:4": [896, 1200],
  "4:3": [1200, 896],
  "4:5": [928, 1152],
  "5:4": [1152, 928],
  "9:16": [768, 1376],
  "16:9": [1376, 768],
  "21:9": [1584, 672],
  "1:4": [512, 2064],
  "4:1": [2064, 512],
  "1:8": [352, 2928],
  "8:1": [2928, 352],
} as const satisfies Record<string, readonly [number, number]>;

type GeminiRatio = keyof typeof GEMINI_1K_SIZES;

/** Nano Banana Pro (Gemini 3 Pro Image) `aspect_ratio` options on Replicate. */
export const NANO_BANANA_PRO_ASPECT_RATIOS = ["match_input_image", "1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"] as const;
/** Nano Banana 2 (Gemini 3.1 Flash Image) `aspect_ratio` options on Replicate (nano-banana-2:71516450). */
export const NANO_BANANA_2_ASPECT_RATIOS = [
  "match_input_image",
  "1:1",
  "1:4",
  "1:8",
  "2:3",
  "3:2",
  "3:4",
  "4:1",
  "4:3",
  "4:5",
  "5:4",
  "8:1",
  "9:16",
  "16:9",
  "21:9",
] as const;
export const GEMINI_RESOLUTIONS = ["1K", "2K", "4K"] as const;

/** How a model turns its validated input (and the fetched input images) into the output's pixel size. */
export type SizeRule =
  /** cog-flux and the FLUX.1 pro models: preset sizes per aspect ratio, or custom width × height. */
  | { kind: "preset" }
  /** FLUX Kontext: about a megapixel at the input's or the preset's ratio. */
  | { kind: "kontext" }
  /**
   * FLUX.2: `megapixels` (the input field holding them, e.g. `resolution`; none = 1 MP) at the aspect ratio, sides
   * rounded to `multiple`, the longer side held to `maxSide`; `custom` takes width × height rounded to `multiple`.
   */
  | { kind: "megapixels"; field?: string; multiple: number; maxSide?: number }
  /** Gemini image models: Google's table for the ratio (nearest listed one for match_input_image) and 1K/2K/4K. */
  | { kind: "gemini"; ratios: readonly string[] }
  /** FLUX Fill: the image's own size, or the frame its `outpaint` preset gives (see fillSize). */
  | { kind: "fill" }
  /** An upscaler: the image times the factor in `field` ("x2" | "x4"); a larger output than `maxPixels` is refused. */
  | { kind: "upscale"; field: string; maxPixels: number };

/**
 * The frame each outpaint preset gives. Neither Replicate nor Black Forest Labs publishes it, so the emulator's rule is
 * stated here (the app's studio previews the same one): zoom out scales both sides by 1.5 or 2; make square pads the
 * shorter side to the longer; left/right widen by half the width, top/bottom heighten by half the height.
 */
function fillSize(outpaint: unknown, image: ImageSize | undefined): ImageSize {
  const { width, height } = image ?? { width: 1024, height: 1024 };
  switch (outpaint) {
    case "Zoom out 1.5x":
      return { width: Math.round(width * 1.5), height: Math.round(height * 1.5) };
    case "Zoom out 2x":
      return { width: width * 2, height: height * 2 };
    case "Make square":
      return { width: Math.max(width, height), height: Math.max(width, height) };
    case "Left outpaint":
    case "Right outpaint":
      return { width: Math.round(width * 1.5), height };
    case "Top outpaint":
    case "Bottom outpaint":
      return { width, height: Math.round(height * 1.5) };
    default:
      return { width, height };
  }
}

/** The upscaler's factor from "x2" / "x4". */
function upscaleFactor(value: unknown): number {
  return value === "x4" ? 4 : 2;
}

const MEGAPIXEL = 1024 * 1024;

function ratioOf(text: string): number | undefined {
  const [w, h] = text.split(":").map(Number);
  return w && h ? w / h : undefined;
}

function roundTo(n: number, multiple: number): number {
  return Math.max(multiple, Math.round(n / multiple) * multiple);
}

/** Megapixels from `1 MP`, `0.25`, or (match_input_image) the first input's, clamped to 0.5–4 MP as the FLUX.2 schema says. */
function megapixelsFor(value: unknown, first: ImageSize | undefined): number {
  if (value === "match_input_image") return first ? Math.min(4, Math.max(0.5, (first.width * first.height) / MEGAPIXEL)) : 1;
  const parsed = Number.parseFloat(String(value ?? "1"));
  return Number.isFinite(parsed) && parsed > 0 ? parsed : 1;
}

function megapixelSize(rule: Extract<SizeRule, { kind: "megapixels" }>, input: Record<string, unknown>, first: ImageSize | undefined): ImageSize {
  const ratio = String(input.aspect_ratio ?? "1:1");
  if (ratio === "custom") {
    const width = typeof input.width === "number" ? input.width : 1024;
    const height = typeof input.height === "number" ? input.height : 1024;
    return { width: roundTo(width, rule.multiple), height: roundTo(height, rule.multiple) };
  }
  // match_input_image without an input image answers square (assumption: no page says).
  const aspect = ratio === "match_input_image" ? (first ? first.width / first.height : 1) : (ratioOf(ratio) ?? 1);
  const pixels = megapixelsFor(rule.field ? input[rule.field] : "1", first) * MEGAPIXEL;
  let width = Math.sqrt(pixels * aspect);
  let height = Math.sqrt(pixels / aspect);
  const longest = Math.max(width, height);
  if (rule.maxSide && longest > rule.maxSide) {
    width *= rule.maxSide / longest;
    height *= rule.maxSide / longest;
  }
  return { width: roundTo(width, rule.multiple), height: roundTo(height, rule.multiple) };
}

/** The listed ratio closest to the image's (compared on a log scale, so 2:1 and 1:2 are equally far from 1:1). */
function nearestRatio(ratios: readonly string[], size: ImageSize): string {
  const target = Math.log(size.width / size.height);
  let best = "1:1";
  let distance = Number.POSITIVE_INFINITY;
  for (const ratio of ratios) {
    const value = ratioOf(ratio);
    if (value === undefined) continue;
    const d = Math.abs(Math.log(value) - target);
    if (d < distance) {
      best = ratio;
      distance = d;
    }
  }
  return best;
}

function geminiSize(rule: Extract<SizeRule, { kind: "gemini" }>, input: Record<string, unknown>, first: ImageSize | undefined): ImageSize {
  const asked = String(input.aspect_ratio ?? "1:1");
  // Google: without an aspect ratio the output follows the input image, else it is square.
  const ratio = asked === "match_input_image" ? (first ? nearestRatio(rule.ratios, first) : "1:1") : asked;
  const [width, height] = GEMINI_1K_SIZES[ratio as GeminiRatio] ?? GEMINI_1K_SIZES["1:1"];
  const scale = input.resolution === "4K" ? 4 : input.resolution === "2K" ? 2 : 1;
  return { width: width * scale, height: height * scale };
}

/** The output's pixel size for a model's size rule, its validated input and the images fetched for it (first one first). */
export function outputSizeFor(rule: SizeRule, input: Record<string, unknown>, inputs: readonly ImageSize[]): ImageSize {
  const first = inputs[0];
  switch (rule.kind) {
    case "preset":
      return imageSizeFor(input);
    case "kontext":
      return kontextSizeFor(String(input.aspect_ratio), first);
    case "megapixels":
      return megapixelSize(rule, input, first);
    case "gemini":
      return geminiSize(rule, input, first);
    case "fill":
      return fillSize(input.outpaint, first);
    case "upscale": {
      const factor = upscaleFactor(input[rule.field]);
      const { width, height } = first ?? { width: 1024, height: 1024 };
      return { width: width * factor, height: height * factor };
    }
  }
}
