import "server-only";
import { MODEL_CARDS, MODEL_KEYS, type ModelKey } from "@/lib/shared/models/catalogue";
import { basePriceUsd, chargedRule } from "@/lib/shared/models/price";

/** What one image costs now at each model's defaults: the catalogue's rule, with MODEL_PRICES_USD where set. */
export function currentPrices(overrides: Partial<Record<string, number>> = {}): Record<ModelKey, number> {
  return Object.fromEntries(MODEL_KEYS.map((key) => [key, basePriceUsd(chargedRule(key, MODEL_CARDS[key].price, overrides))])) as Record<
    ModelKey,
    number
  >;
}

/** Sums of float prices drift; money is reported in whole micro-dollars. */
export function roundUsd(value: number): number {
  return Math.round(value * 1_000_000) / 1_000_000;
}
