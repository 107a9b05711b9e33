import "server-only";
import * as z from "zod";
import { REPLICATE_MODELS } from "@/lib/ai-gateway/replicate-models";
import { modelRequestSchema } from "@/lib/shared/api/generate";
import type { ModelList, ModelView } from "@/lib/shared/api/models";
import { MODEL_CARDS, MODEL_KEYS, type ModelKey } from "@/lib/shared/models/catalogue";
import { basePriceUsd, chargedRule, type PriceRule } from "@/lib/shared/models/price";

const ENVELOPE_FIELDS = ["model", "is_private", "locale", "parent_id"];

/** The price rule in the API's spelling, after the owner's overrides. */
function priceView(rule: PriceRule): ModelView["price"] {
  const common = { source: rule.source, estimate: rule.estimate, base_usd: basePriceUsd(rule) };
  switch (rule.per) {
    case "image":
      return { per: "image", usd: rule.usd, ...common };
    case "megapixel":
      return { per: "megapixel", first_usd: rule.firstUsd, extra_usd: rule.extraUsd, input_usd: rule.inputUsd, ...common };
    case "resolution":
      return { per: "resolution", usd: { ...rule.usd }, default_tier: rule.defaultTier, ...common };
    case "option":
      return { per: "option", field: rule.field, usd: { ...rule.usd }, default_option: rule.defaultOption, ...common };
  }
}

/** JSON Schema of a model's own fields (the request's envelope left out): the limits a client needs. */
function inputsOf(key: ModelKey): Record<string, unknown> {
  const schema = z.toJSONSchema(modelRequestSchema(key), { io: "input", unrepresentable: "any" }) as {
    properties?: Record<string, unknown>;
    required?: string[];
  };
  const properties = Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([name]) => !ENVELOPE_FIELDS.includes(name)));
  return { ...schema, properties, required: (schema.required ?? []).filter((name) => !ENVELOPE_FIELDS.includes(name)) };
}

/** Every model as GET /api/models lists it: the catalogue entry, its provider model and the price the app charges. */
export function listModels(overrides: Partial<Record<string, number>>): ModelList {
  return {
    models: MODEL_KEYS.map((key) => {
      const card = MODEL_CARDS[key];
      return {
        key,
        label: card.label,
        description: card.description,
        kind: card.kind,
        purpose: card.purpose,
        provider_model: REPLICATE_MODELS[key].model,
        typical_seconds: card.typicalSeconds,
        max_input_images: card.maxInputImages,
        input_image: card.inputImage,
        max_outputs: card.maxOutputs,
        aspect_ratios: [...card.aspectRatios],
        default_aspect_ratio: card.defaultAspectRatio,
        output_formats: [...card.outputFormats],
        resolutions: card.size ? [...card.size.resolutions] : [],
        default_resolution: card.size?.defaultResolution ?? null,
        inputs: inputsOf(key),
        price: priceView(chargedRule(key, card.price, overrides)),
      };
    }),
  };
}
