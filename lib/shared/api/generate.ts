import * as z from "zod";
import { taskIdSchema } from "@/lib/shared/api/ids";
import { LOCALES } from "@/lib/shared/i18n/locales";
import { INPUT_IMAGE_FORMAT, parseInputImageRef } from "@/lib/shared/input-image-ref";
import { LORA_SCALE_MAX, LORA_SCALE_MIN, PROMPT_MAX_LENGTH, SEED_MAX } from "@/lib/shared/limits";
import { MODEL_CARDS, MODEL_KEYS, type ModelCard, type ModelKey } from "@/lib/shared/models/catalogue";

/**
 * The body of POST /api/generate, one schema per model: the fields every request has (privacy, locale, the task it
 * came from) and that model's own input with the provider's real limits. Unknown fields are refused. The route
 * parses it once; the lifecycle and the provider mapping take the parsed value and only rename.
 */

const promptSchema = z
  .string()
  .trim()
  .min(1, { message: "Write a prompt first." })
  .max(PROMPT_MAX_LENGTH, { message: `Keep the prompt under ${PROMPT_MAX_LENGTH} characters.` });
const seedSchema = z.number().int().min(0).max(SEED_MAX);
const outputQualitySchema = z.number().int().min(0).max(100);
const httpUrlSchema = z.url({ protocol: /^https?$/ });

/** An image named as the API takes it; `missing` says what to do when it is required and absent. */
function inputImageRef(missing: string) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? missing : `must be ${INPUT_IMAGE_FORMAT}`) })
    .trim()
    .max(200)
    .refine((ref) => parseInputImageRef(ref) !== null, { message: `must be ${INPUT_IMAGE_FORMAT}` });
}

const EDIT_MODEL = MODEL_KEYS.find((key) => MODEL_CARDS[key].inputImage === "required");

function envelope<K extends ModelKey>(key: K) {
  const card = MODEL_CARDS[key];
  return {
    model: z.literal(key),
    is_private: z.boolean().default(false),
    locale: z.enum(LOCALES).default("en"),
    parent_id: taskIdSchema.optional(),
    prompt: promptSchema,
    aspect_ratio: z.enum(card.aspectRatios as [string, ...string[]]).optional(),
    seed: seedSchema.optional(),
  };
}

/** A model that edits an image needs one; `missing` says what to give. */
function requiredInputImage(card: ModelCard) {
  return { input_image: inputImageRef(`${card.label} edits an image; give ${INPUT_IMAGE_FORMAT}.`), ...noReferenceImages(card) };
}

/** A model that takes no image refuses one, saying which model edits, and refuses references unless it reads them. */
function noInputImage(card: ModelCard) {
  return {
    input_image: z.never({ error: `${card.label} takes no input image${EDIT_MODEL ? `; edit with ${EDIT_MODEL}` : ""}.` }).optional(),
    ...(card.maxInputImages > 0 ? referenceImages(card) : noReferenceImages(card)),
  };
}

/** Reference images, in order (the prompt can say "image 1"), at most as many as the model reads. */
function referenceImages(card: ModelCard) {
  return {
    input_images: z
      .array(inputImageRef(`each reference must be ${INPUT_IMAGE_FORMAT}`))
      .max(card.maxInputImages, { message: `${card.label} reads at most ${card.maxInputImages} reference images` })
      .optional(),
  };
}

function noReferenceImages(card: ModelCard) {
  const readers = MODEL_KEYS.filter((key) => MODEL_CARDS[key].maxInputImages > 0);
  return {
    input_images: z
      .never({ error: `${card.label} takes no reference images${readers.length > 0 ? ` (models that do: ${readers.join(", ")})` : ""}.` })
      .optional(),
  };
}

function outputs(card: ModelCard) {
  return {
    num_outputs: z.number().int().min(1).max(card.maxOutputs).optional(),
    output_format: z.enum(card.outputFormats as [string, ...string[]]).optional(),
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

/** Kontext refuses a safety_tolerance above 2 when an input image is given (its schema's own words). */
const EDIT_MAX_SAFETY_TOLERANCE = 2;

/** Google's image models take no seed: one sent would be ignored, so it is refused like any field a model lacks. */
function withoutSeed<T extends { seed: unknown }>({ seed: _none, ...rest }: T): Omit<T, "seed"> {
  return rest;
}

/** The resolution a model with a size rule takes, under the provider's own name for it. */
function sizeField<K extends ModelKey>(key: K, field: string) {
  const size = MODEL_CARDS[key].size;
  if (!size || size.field !== field) throw new Error(`${key} has no ${field}`);
  return z.enum(size.resolutions as [string, ...string[]]).optional();
}

/** Output format and quality, for models that make exactly one image. */
function singleOutput(card: ModelCard) {
  return {
    output_format: z.enum(card.outputFormats as [string, ...string[]]).optional(),
    output_quality: outputQualitySchema.optional(),
  };
}

// FLUX.2 [pro] on Replicate (black-forest-labs/flux-2-pro, version ccb5e331…, schema as 285631b5…/api): input_images
// (≤ 8), aspect_ratio, resolution, safety_tolerance 1–5 (default 2), seed, output_format, output_quality; one URI.
const flux2ProFields = {
  safety_tolerance: z.number().int().min(1).max(5).optional(),
};

const MODEL_REQUESTS = {
  "flux-schnell": z.strictObject({
    ...envelope("flux-schnell"),
    ...noInputImage(MODEL_CARDS["flux-schnell"]),
    ...outputs(MODEL_CARDS["flux-schnell"]),
    ...cogFluxFields,
    num_inference_steps: z.number().int().min(1).max(4).optional(),
  }),
  "flux-dev": z.strictObject({
    ...envelope("flux-dev"),
    ...noInputImage(MODEL_CARDS["flux-dev"]),
    ...outputs(MODEL_CARDS["flux-dev"]),
    ...devFields,
  }),
  // flux-pro's inputs as Replicate's version pages list them (replicate.com/black-forest-labs/flux-pro/versions/
  // a7dcddb8…/api and 9d0768f6…/api): steps 1–50 (default 25), guidance 2–5, interval 1–4, image_prompt (Redux),
  // no 21:9 / 9:21 preset. safety_tolerance is 1–6 ("1 is most strict and 6 is most permissive", default 2) on the
  // newest version page found, 2b8181d8…/api, which also has image_prompt, width/height and output_format/quality;
  // the older 9d0768f6 said 1–5. The app says `num_inference_steps` for every model; the provider mapping renames it.
  "flux-pro": z.strictObject({
    ...envelope("flux-pro"),
    ...noInputImage(MODEL_CARDS["flux-pro"]),
    ...outputs(MODEL_CARDS["flux-pro"]),
    num_inference_steps: z.number().int().min(1).max(50).optional(),
    guidance: z.number().min(2).max(5).optional(),
    interval: z.number().min(1).max(4).optional(),
    safety_tolerance: z.number().int().min(1).max(6).optional(),
    prompt_upsampling: z.boolean().optional(),
    image_prompt: httpUrlSchema.optional(),
  }),
  "flux-general": z.strictObject({
    ...envelope("flux-general"),
    ...noInputImage(MODEL_CARDS["flux-general"]),
    ...outputs(MODEL_CARDS["flux-general"]),
    ...devFields,
    lora_weights: loraReferenceSchema.optional(),
    lora_scale: z.number().min(LORA_SCALE_MIN).max(LORA_SCALE_MAX).optional(),
  }),
  // FLUX Kontext [pro] on Replicate (black-forest-labs/flux-kontext-pro, input schema of version 0a138193…/api):
  // prompt, input_image (jpeg/png/gif/webp, by URL), aspect_ratio (default match_input_image), seed, output_format
  // (jpg|png, default png), safety_tolerance 0–6 (default 2; "2 is currently the maximum allowed when input images
  // are used"), prompt_upsampling. One output, a single URI. The app always sends an image, so the limit is 2.
  "flux-kontext-pro": z.strictObject({
    ...envelope("flux-kontext-pro"),
    ...requiredInputImage(MODEL_CARDS["flux-kontext-pro"]),
    output_format: z.enum(["jpg", "png"]).optional(),
    safety_tolerance: z
      .number()
      .int()
      .min(0)
      .max(EDIT_MAX_SAFETY_TOLERANCE, { message: `must be at most ${EDIT_MAX_SAFETY_TOLERANCE} when an input image is given` })
      .optional(),
    prompt_upsampling: z.boolean().optional(),
  }),
  "flux-2-pro": z.strictObject({
    ...envelope("flux-2-pro"),
    ...noInputImage(MODEL_CARDS["flux-2-pro"]),
    ...singleOutput(MODEL_CARDS["flux-2-pro"]),
    resolution: sizeField("flux-2-pro", "resolution"),
    ...flux2ProFields,
  }),
  // FLUX.2 [flex] (version 51d0412f…): the pro inputs, input_images ≤ 10, steps 1–50 (30), guidance 1.5–10 (4.5),
  // prompt_upsampling (default on).
  "flux-2-flex": z.strictObject({
    ...envelope("flux-2-flex"),
    ...noInputImage(MODEL_CARDS["flux-2-flex"]),
    ...singleOutput(MODEL_CARDS["flux-2-flex"]),
    resolution: sizeField("flux-2-flex", "resolution"),
    ...flux2ProFields,
    steps: z.number().int().min(1).max(50).optional(),
    guidance: z.number().min(1.5).max(10).optional(),
    prompt_upsampling: z.boolean().optional(),
  }),
  // FLUX.2 [dev] (version 7bba46bd…/api): input_images ≤ 4, go_fast (default on), aspect_ratio, seed, output_format,
  // output_quality; no resolution (about one megapixel). `disable_safety_checker` is deliberately not offered.
  "flux-2-dev": z.strictObject({
    ...envelope("flux-2-dev"),
    ...noInputImage(MODEL_CARDS["flux-2-dev"]),
    ...singleOutput(MODEL_CARDS["flux-2-dev"]),
    go_fast: z.boolean().optional(),
  }),
  // FLUX.2 [klein] 4B (version 8e9c42d7…/api): images ≤ 5 (the app's input_images), output_megapixels, go_fast
  // (default off), seed, output_format (default jpg), output_quality (default 95).
  "flux-2-klein-4b": z.strictObject({
    ...envelope("flux-2-klein-4b"),
    ...noInputImage(MODEL_CARDS["flux-2-klein-4b"]),
    ...singleOutput(MODEL_CARDS["flux-2-klein-4b"]),
    output_megapixels: sizeField("flux-2-klein-4b", "output_megapixels"),
    go_fast: z.boolean().optional(),
  }),
  // Nano Banana Pro (google/nano-banana-pro, version f5318740…/api): image_input ≤ 14 (the app's input_images),
  // aspect_ratio (default match_input_image), resolution 1K/2K/4K (2K), output_format jpg|png, safety_filter_level.
  "nano-banana-pro": z.strictObject({
    ...withoutSeed(envelope("nano-banana-pro")),
    ...noInputImage(MODEL_CARDS["nano-banana-pro"]),
    resolution: sizeField("nano-banana-pro", "resolution"),
    output_format: z.enum(["jpg", "png"]).optional(),
    safety_filter_level: z.enum(["block_low_and_above", "block_medium_and_above", "block_only_high"]).optional(),
  }),
  // Nano Banana 2 (google/nano-banana-2, version 2de9ad5b…/api): image_input ≤ 14, aspect_ratio with 1:4 … 8:1,
  // resolution 1K/2K/4K (1K), google_search, image_search, output_format jpg|png.
  "nano-banana-2": z.strictObject({
    ...withoutSeed(envelope("nano-banana-2")),
    ...noInputImage(MODEL_CARDS["nano-banana-2"]),
    resolution: sizeField("nano-banana-2", "resolution"),
    google_search: z.boolean().optional(),
    image_search: z.boolean().optional(),
    output_format: z.enum(["jpg", "png"]).optional(),
  }),
} satisfies Record<ModelKey, z.ZodObject>;

export const modelKeySchema = z.enum(MODEL_KEYS, { message: `must be one of ${MODEL_KEYS.join(", ")}` });

/** The request as the contract describes it: one shape per model. */
const generateRequestSchema = z.discriminatedUnion(
  "model",
  Object.values(MODEL_REQUESTS) as [(typeof MODEL_REQUESTS)[ModelKey], ...(typeof MODEL_REQUESTS)[ModelKey][]],
);

/** What the route parses: the model is named first (an unknown one is named in the error), then its own fields. */
export const generateBodySchema = z.looseObject({ model: modelKeySchema }).pipe(generateRequestSchema);

/** What the studio sends. */
export type GenerateRequest = z.input<typeof generateRequestSchema>;
/** What the lifecycle receives after the route parsed it. */
export type GenerateBody = z.output<typeof generateRequestSchema>;

/**
 * A model's own input as a provider client receives it: the request without the app's envelope, the image to edit
 * given as a URL the provider can fetch (the app signs one for the reference the request named).
 */
export function modelInputSchema(key: ModelKey) {
  const request = MODEL_REQUESTS[key] as z.ZodObject;
  const input = request.omit({ model: true, is_private: true, locale: true, parent_id: true, input_image: true, input_images: true });
  const card = MODEL_CARDS[key];
  if (card.inputImage === "required") return input.extend({ input_image: httpUrlSchema });
  return card.maxInputImages > 0 ? input.extend({ input_images: z.array(httpUrlSchema).max(card.maxInputImages).optional() }) : input;
}

/** One model's request schema (its own fields and the envelope), for documents that describe a single model. */
export function modelRequestSchema(key: ModelKey): z.ZodObject {
  return MODEL_REQUESTS[key] as z.ZodObject;
}
