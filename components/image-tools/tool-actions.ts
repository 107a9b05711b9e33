import type { ApiFailure } from "@/components/api-client/api-result";
import type { GenerateRequest } from "@/lib/shared/api/generate";
import type { Dictionary } from "@/lib/shared/i18n/en";
import type { ModelOption } from "@/lib/shared/models/options";
import type { ToolImage } from "./tool-request";

/** What the studio lends a result's card for "Erase or replace", "Expand" and "Upscale". */
export interface ImageToolsActions {
  /** The models found by kind in the catalogue; a tool without its model is not offered. */
  fill: ModelOption | null;
  upscale: ModelOption | null;
  locale: string;
  strings: Dictionary["imageTools"];
  errorStrings: Dictionary["errors"];
  /** Opens the mask editor over the image. */
  openEditor: (image: ToolImage) => void;
  /** Sends a request and puts the new task in the feed; the refusal when there is one. */
  start: (body: GenerateRequest) => Promise<ApiFailure | null>;
}
