import * as z from "zod";

const priceRuleSchema = z
  .discriminatedUnion("per", [
    z.object({ per: z.literal("image"), usd: z.number().meta({ description: "USD per image delivered." }) }),
    z.object({
      per: z.literal("megapixel"),
      first_usd: z.number().meta({ description: "USD for the output's first megapixel." }),
      extra_usd: z.number().meta({ description: "USD for each further started megapixel of the output." }),
      input_usd: z.number().meta({ description: "USD for each started megapixel of each reference image." }),
    }),
    z.object({
      per: z.literal("resolution"),
      usd: z.record(z.string(), z.number()).meta({ description: "USD per image for each resolution tier." }),
      default_tier: z.string(),
    }),
    z.object({
      per: z.literal("option"),
      field: z.string().meta({ description: "The request field whose value picks the price (an upscaler's `scale`)." }),
      usd: z.record(z.string(), z.number()).meta({ description: "USD per image for each value of the field." }),
      default_option: z.string(),
    }),
  ])
  .and(
    z.object({
      source: z.string().meta({ description: "The provider page the figures come from, or why they are an estimate." }),
      estimate: z.boolean().meta({ description: "No provider page gave the figure: a default the owner's MODEL_PRICES_USD should replace." }),
      base_usd: z.number().meta({ description: "One image at the model's defaults, after the owner's MODEL_PRICES_USD." }),
    }),
  )
  .meta({ description: "How the price follows the input: what a task reserves is this rule applied to its parsed input." });

const modelViewSchema = z
  .object({
    key: z.string().meta({ description: "What POST /api/generate's `model` names: the Replicate model name without its owner." }),
    label: z.string(),
    description: z.string(),
    kind: z.enum(["generate", "edit", "fill", "upscale"]),
    purpose: z.enum(["draft", "quality", "references", "text"]).meta({ description: "What the studio's picker groups it under." }),
    provider_model: z.string().meta({ description: "Replicate's `owner/name`." }),
    typical_seconds: z.number(),
    max_input_images: z.number().meta({ description: "How many reference images (`input_images`) it reads; 0 when none." }),
    input_image: z.enum(["required", "none"]).meta({ description: "Whether it edits one image given as `input_image`." }),
    max_outputs: z.number(),
    aspect_ratios: z.array(z.string()),
    default_aspect_ratio: z.string(),
    output_formats: z.array(z.string()),
    resolutions: z.array(z.string()).meta({ description: "The `resolution` values it takes; empty for a fixed size." }),
    default_resolution: z.string().nullable(),
    inputs: z.record(z.string(), z.unknown()).meta({ description: "JSON Schema of the model's own fields in POST /api/generate, with every limit." }),
    price: priceRuleSchema,
  })
  .meta({ description: "A model the studio offers." });

export const modelListSchema = z.object({ models: z.array(modelViewSchema) }).meta({ description: "Every model, as GET /api/models lists it." });

export type ModelView = z.infer<typeof modelViewSchema>;
export type ModelList = z.infer<typeof modelListSchema>;
