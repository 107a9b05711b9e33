import type { Dictionary } from "@/lib/i18n/en";
import { format } from "@/lib/i18n/format";
import type { Locale } from "@/lib/i18n/locales";
import type { ModelOption } from "./model-option";

/** The registry fields the studio shows; structurally typed so this file never imports the registry (or zod). */
interface RegistryModel {
  key: string;
  label: string;
  description: string;
  speed: keyof Dictionary["speeds"];
  typicalSeconds: number;
  pricePerImageUsd: number;
  aspectRatios: readonly string[];
  defaultAspectRatio: string;
  outputFormats: readonly ("webp" | "jpg" | "png")[];
  maxOutputs: number;
  inputImage: "required" | "none";
}

const NUMBER_LOCALE: Record<Locale, string> = { en: "en-US", zh: "zh-CN" };

export function formatUsd(amount: number, locale: Locale): string {
  return new Intl.NumberFormat(NUMBER_LOCALE[locale], {
    style: "currency",
    currency: "USD",
    minimumFractionDigits: 2,
    maximumFractionDigits: 3,
  }).format(amount);
}

/**
 * Runs on the server: turns the registry into translated, pre-formatted options for the client. `prices` are the
 * owner's MODEL_PRICES_USD overrides, the prices the server charges, so the studio shows the same.
 */
export function toModelOptions(
  models: Record<string, RegistryModel>,
  dict: Dictionary,
  locale: Locale,
  prices: Partial<Record<string, number>> = {},
): ModelOption[] {
  const descriptions: Record<string, string> = dict.models;
  return Object.values(models).map((model) => toModelOption({ ...model, pricePerImageUsd: prices[model.key] ?? model.pricePerImageUsd }));

  function toModelOption(model: RegistryModel): ModelOption {
    return {
      key: model.key,
      label: model.label,
      description: descriptions[model.key] ?? model.description,
      speedLabel: dict.speeds[model.speed],
      typicalSecondsLabel: format(dict.studio.typicalSeconds, { seconds: model.typicalSeconds }),
      priceLabel: formatUsd(model.pricePerImageUsd, locale),
      pricePerImageUsd: model.pricePerImageUsd,
      aspectRatios: [...model.aspectRatios],
      defaultAspectRatio: model.defaultAspectRatio,
      outputFormats: [...model.outputFormats],
      maxOutputs: model.maxOutputs,
      editsImage: model.inputImage === "required",
      // flux-general is the LoRA-capable model.
      supportsLora: model.key === "flux-general",
    };
  }
}
