import type { Dictionary } from "@/lib/shared/i18n/en";
import { format } from "@/lib/shared/i18n/format";
import type { Locale } from "@/lib/shared/i18n/locales";
import { formatUsd } from "@/lib/shared/money";
import { MODEL_CARDS, type ModelCard } from "@/lib/shared/models/catalogue";
import { basePriceUsd, chargedRule, type OutputSizeRule, type PriceRule } from "@/lib/shared/models/price";

/** A model as the studio's picker shows it: its card, translated, with the price the server charges. */
export interface ModelOption
  extends Pick<
    ModelCard,
    "key" | "label" | "kind" | "purpose" | "aspectRatios" | "defaultAspectRatio" | "outputFormats" | "maxOutputs" | "maxInputImages" | "supportsLora"
  > {
  description: string;
  speedLabel: string;
  typicalSecondsLabel: string;
  priceLabel: string;
  /** The card's rule with the owner's MODEL_PRICES_USD applied: the studio prices with the server's function. */
  price: PriceRule;
  /** The resolutions it takes and their sizes (a price may follow them); null for a fixed size. */
  size: OutputSizeRule | null;
  /** The model edits an image from an instruction, which the composer asks for (fill and upscale models do not). */
  editsImage: boolean;
}

/**
 * The catalogue as the studio shows it, in the page's language. Rendered on the server, which knows the owner's
 * price overrides, and handed to the browser as plain data.
 */
export function modelOptions(dict: Dictionary, locale: Locale, overrides: Partial<Record<string, number>> = {}): ModelOption[] {
  const descriptions: Record<string, string> = dict.models;
  return Object.values(MODEL_CARDS).map((card) => {
    const price = chargedRule(card.key, card.price, overrides);
    return {
      key: card.key,
      label: card.label,
      kind: card.kind,
      description: descriptions[card.key] ?? card.description,
      speedLabel: dict.speeds[card.speed],
      typicalSecondsLabel: format(dict.studio.typicalSeconds, { seconds: card.typicalSeconds }),
      priceLabel: formatUsd(basePriceUsd(price), locale),
      price,
      size: card.size,
      purpose: card.purpose,
      maxInputImages: card.maxInputImages,
      aspectRatios: card.aspectRatios,
      defaultAspectRatio: card.defaultAspectRatio,
      outputFormats: card.outputFormats,
      maxOutputs: card.maxOutputs,
      supportsLora: card.supportsLora,
      editsImage: card.kind === "edit",
    };
  });
}
