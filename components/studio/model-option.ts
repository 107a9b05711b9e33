// Plain data the server hands to the studio's client components (the registry itself stays on the server).

export interface ModelOption {
  key: string;
  label: string;
  description: string;
  speedLabel: string;
  typicalSecondsLabel: string;
  priceLabel: string;
  aspectRatios: readonly string[];
  maxOutputs: number;
  supportsLora: boolean;
}
