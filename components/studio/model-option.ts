// Plain data the server hands to the studio's client components (the registry itself stays on the server).

export type OutputFormat = "webp" | "jpg" | "png";
export const OUTPUT_FORMATS: readonly OutputFormat[] = ["webp", "jpg", "png"];

export interface ModelOption {
  key: string;
  label: string;
  description: string;
  speedLabel: string;
  typicalSecondsLabel: string;
  priceLabel: string;
  /** For the cost of a generation against what is left of today's budget. */
  pricePerImageUsd: number;
  aspectRatios: readonly string[];
  maxOutputs: number;
  supportsLora: boolean;
}
