/**
 * How a model's price follows its input, as plain data (the studio, the server and the dashboard read the same
 * rule) and the one function that turns a parsed input into micro-dollars: the server reserves it, the studio's
 * label shows it, the dashboard lists it.
 */
export interface PriceRule {
  /** What one unit costs; `MODEL_PRICES_USD` replaces it for a model. */
  usd: number;
  /** The unit: one image the model delivers. */
  per: "image";
  /** Where the figure comes from (a provider page), or why it is an estimate. */
  source: string;
  /** True when no provider page gave the figure: a documented default the owner should check. */
  estimate: boolean;
}

/** A parsed model input; a price reads the parts it depends on (how many images, …). */
export type PricedInput = Readonly<Record<string, unknown>>;

const MICROS_PER_USD = 1_000_000;

/** The unit price the app charges for a model: the owner's override, else the rule's. */
export function unitPriceUsd(key: string, rule: PriceRule, overrides: Partial<Record<string, number>> = {}): number {
  return overrides[key] ?? rule.usd;
}

/** The price of delivering `images` images, in whole micro-dollars (the unit budgets are kept in). */
export function priceMicrosOfImages(key: string, rule: PriceRule, images: number, overrides: Partial<Record<string, number>> = {}): number {
  if (!Number.isInteger(images) || images < 0) throw new RangeError(`images must be a whole number ≥ 0, got ${images}`);
  return Math.round(unitPriceUsd(key, rule, overrides) * images * MICROS_PER_USD);
}

/** What an input costs when everything it asks for is delivered: what a task reserves. */
export function priceMicrosOfInput(key: string, rule: PriceRule, input: PricedInput, overrides: Partial<Record<string, number>> = {}): number {
  return priceMicrosOfImages(key, rule, typeof input.num_outputs === "number" ? input.num_outputs : 1, overrides);
}
