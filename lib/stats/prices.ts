import { IMAGE_MODEL_KEYS, getImageModel, type ImageModelKey } from "@/lib/models";

/** The price per image the app charges now: the registry's, replaced by MODEL_PRICES_USD where set. */
export function currentPrices(overrides: Partial<Record<string, number>> = {}): Record<ImageModelKey, number> {
  const prices = {} as Record<ImageModelKey, number>;
  for (const key of IMAGE_MODEL_KEYS) prices[key] = overrides[key] ?? getImageModel(key).pricePerImageUsd;
  return prices;
}

/** Sums of float prices drift; money is reported in whole micro-dollars. */
export function roundUsd(value: number): number {
  return Math.round(value * 1_000_000) / 1_000_000;
}
