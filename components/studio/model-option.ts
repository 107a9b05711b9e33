// Plain data the server hands to the studio's client components (the registry itself stays on the server).
import type { OutputFormat } from "@/lib/input-limits";

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
  defaultAspectRatio: string;
  outputFormats: readonly OutputFormat[];
  maxOutputs: number;
  supportsLora: boolean;
  /** FLUX Kontext: the model edits an image, which the composer asks for. */
  editsImage: boolean;
}
