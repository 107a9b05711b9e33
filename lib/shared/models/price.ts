import { type ImageSize, megapixelsOf } from "@/lib/shared/image-types";

/**
 * How a model's price follows its input, as plain data (the studio, the server, `GET /api/models` and the dashboard
 * read the same rule), and the one function that turns a parsed input into micro-dollars: the server reserves it,
 * the studio's label shows it, the dashboard lists it.
 */
export type PriceRule = PerImage | PerMegapixel | PerResolution | PerOption;

interface RuleSource {
  /** Where the figure comes from (a provider page), or why it is an estimate. */
  source: string;
  /** True when no provider page gave the figure: a documented default that MODEL_PRICES_USD should replace. */
  estimate: boolean;
}

/** A fixed price for each image delivered. */
interface PerImage extends RuleSource {
  per: "image";
  usd: number;
}

/**
 * Black Forest Labs' FLUX.2 pricing: the output's first megapixel, each further started megapixel, and each started
 * megapixel of every input image.
 */
interface PerMegapixel extends RuleSource {
  per: "megapixel";
  firstUsd: number;
  extraUsd: number;
  inputUsd: number;
}

/** A price per image that depends on the resolution tier asked for (Google's image models). */
interface PerResolution extends RuleSource {
  per: "resolution";
  usd: Readonly<Record<string, number>>;
  /** The tier a request that names none gets. */
  defaultTier: string;
}

/** A price per image that depends on the value of one of its inputs (an upscaler's factor). */
interface PerOption extends RuleSource {
  per: "option";
  /** The request field whose value picks the price (`scale`). */
  field: string;
  usd: Readonly<Record<string, number>>;
  /** The value a request that names none gets. */
  defaultOption: string;
}

/** What a price depends on besides the parsed input: the output's expected size and the input images' sizes. */
export interface PriceFacts {
  /** Megapixels of each output, as the request's resolution and ratio give them. */
  outputMegapixels: number;
  /** Pixel sizes of the reference images, in order. */
  inputImages: readonly ImageSize[];
}

/**
 * How a model's output size follows its input: the resolutions it takes (the provider's own spellings) and the
 * megapixels each gives; `matchInput` is the range a `match_input_image` resolution clamps the first input to.
 */
export interface OutputSizeRule {
  /** The input that sets it, as the provider names it (`resolution`, `output_megapixels`). */
  field: string;
  resolutions: readonly string[];
  defaultResolution: string;
  megapixels: Readonly<Record<string, number>>;
  matchInput?: { minMegapixels: number; maxMegapixels: number };
}

/** The megapixels one output will have, as the input's resolution (and first reference image) set them. */
export function expectedOutputMegapixels(
  rule: OutputSizeRule | null,
  input: Readonly<Record<string, unknown>>,
  inputImages: readonly ImageSize[],
): number {
  if (rule === null) return 1;
  const asked = input[rule.field];
  const resolution = typeof asked === "string" ? asked : rule.defaultResolution;
  const first = inputImages[0];
  if (resolution === "match_input_image" && rule.matchInput && first) {
    return Math.min(rule.matchInput.maxMegapixels, Math.max(rule.matchInput.minMegapixels, megapixelsOf(first)));
  }
  return rule.megapixels[resolution] ?? rule.megapixels[rule.defaultResolution] ?? 1;
}

const MICROS_PER_USD = 1_000_000;
/** Providers bill a started megapixel as a whole one; a hair over (rounding of pixel sizes) is not a new one. */
const MEGAPIXEL_SLACK = 0.01;

const startedMegapixels = (megapixels: number) => Math.max(1, Math.ceil(megapixels - MEGAPIXEL_SLACK));

/** The price of ONE image of this input, in USD, before any override. */
function unitUsd(rule: PriceRule, input: Readonly<Record<string, unknown>>, facts: PriceFacts): number {
  switch (rule.per) {
    case "image":
      return rule.usd;
    case "megapixel": {
      const output = rule.firstUsd + (startedMegapixels(facts.outputMegapixels) - 1) * rule.extraUsd;
      const inputs = facts.inputImages.reduce((sum, size) => sum + startedMegapixels(megapixelsOf(size)) * rule.inputUsd, 0);
      return output + inputs;
    }
    case "resolution": {
      const tier = typeof input.resolution === "string" ? input.resolution : rule.defaultTier;
      return rule.usd[tier] ?? rule.usd[rule.defaultTier] ?? 0;
    }
    case "option": {
      const asked = input[rule.field];
      const option = typeof asked === "string" || typeof asked === "number" ? String(asked) : rule.defaultOption;
      return rule.usd[option] ?? rule.usd[rule.defaultOption] ?? 0;
    }
  }
}

/** The rule's price of one image at the model's defaults: what MODEL_PRICES_USD replaces (the rest scales with it). */
export function basePriceUsd(rule: PriceRule): number {
  return unitUsd(rule, {}, { outputMegapixels: 1, inputImages: [] });
}

/**
 * The rule the app charges by: the catalogue's, scaled so its price at the defaults is the owner's MODEL_PRICES_USD
 * for the model when set.
 */
export function chargedRule(key: string, rule: PriceRule, overrides: Partial<Record<string, number>> = {}): PriceRule {
  const override = overrides[key];
  const base = basePriceUsd(rule);
  if (override === undefined || base === 0) return rule;
  const factor = override / base;
  switch (rule.per) {
    case "image":
      return { ...rule, usd: override };
    case "megapixel":
      return { ...rule, firstUsd: rule.firstUsd * factor, extraUsd: rule.extraUsd * factor, inputUsd: rule.inputUsd * factor };
    case "resolution":
    case "option":
      return { ...rule, usd: Object.fromEntries(Object.entries(rule.usd).map(([tier, usd]) => [tier, usd * factor])) };
  }
}

/** How many images an input asks for. */
export function imagesAskedFor(input: Readonly<Record<string, unknown>>): number {
  return typeof input.num_outputs === "number" ? input.num_outputs : 1;
}

/** What an input costs when everything it asks for is delivered, in whole micro-dollars: what a task reserves. */
export function priceMicrosOfInput(rule: PriceRule, input: Readonly<Record<string, unknown>>, facts: PriceFacts): number {
  return Math.round(unitUsd(rule, input, facts) * imagesAskedFor(input) * MICROS_PER_USD);
}

/**
 * What a task that reserved `reservedMicros` for `asked` images owes for `delivered` of them: its share of the
 * reservation, so settlement gives back exactly what was not delivered.
 */
export function chargeMicrosFor(reservedMicros: number, asked: number, delivered: number): number {
  if (!Number.isInteger(delivered) || delivered < 0) throw new RangeError(`images must be a whole number ≥ 0, got ${delivered}`);
  if (asked <= 0) return 0;
  return Math.round((reservedMicros * Math.min(delivered, asked)) / asked);
}
