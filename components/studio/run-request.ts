import type { RunRequest } from "@/components/api-client/run-types";
import { RUN_MAX_PROMPTS, RUN_MIN_MODELS } from "@/lib/shared/limits";
import type { ModelOption } from "@/lib/shared/models/options";
import { buildGenerateRequest, type ComposerValues, type InvalidField } from "./build-generate-request";

/** The composer's three ways: one task, one prompt × several models, several prompts × one model. */
export type RunMode = "single" | "compare" | "prompts";

/** The prompts of a several-prompts list: one a line, blank lines skipped. */
export const promptLines = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");

/** The aspect ratios every chosen model takes, in the first one's order (a shared setting must suit them all). */
export function sharedRatios(models: readonly Pick<ModelOption, "aspectRatios">[]): string[] {
  const [first, ...rest] = models;
  return (first?.aspectRatios ?? ["1:1"]).filter((ratio) => rest.every((model) => model.aspectRatios.includes(ratio)));
}

export type RunBuild =
  | { ok: true; body: RunRequest; taskCount: number }
  | { ok: false; field: InvalidField }
  | { ok: false; problem: "compareTooFew" | "promptsEmpty" | "promptsTooMany" };

/** The POST /api/runs body of a compare run: the prompt, the models, and only the settings every model shares. */
export function buildCompareRequest(values: ComposerValues, keys: readonly string[], aspectRatio: string, locale: string): RunBuild {
  const prompt = values.prompt.trim();
  if (prompt === "") return { ok: false, field: "prompt" };
  if (keys.length < RUN_MIN_MODELS) return { ok: false, problem: "compareTooFew" };
  return {
    ok: true,
    // Model keys come from the catalogue the page was rendered with; the server's schema checks them again.
    body: { models: [...keys], prompt, aspect_ratio: aspectRatio, is_private: values.isPrivate, locale } as RunRequest,
    taskCount: keys.length,
  };
}

/** The POST /api/runs body of a several-prompts run: the single form's request for the model, with `prompts`. */
export function buildPromptsRequest(
  values: ComposerValues,
  lines: readonly string[],
  model: Parameters<typeof buildGenerateRequest>[1],
  locale: string,
): RunBuild {
  if (lines.length === 0) return { ok: false, problem: "promptsEmpty" };
  if (lines.length > RUN_MAX_PROMPTS) return { ok: false, problem: "promptsTooMany" };
  const built = buildGenerateRequest({ ...values, prompt: lines[0]! }, model, locale);
  if (!built.ok) return built;
  const { prompt: _one, parent_id: _parent, ...shared } = built.body as Record<string, unknown>;
  return { ok: true, body: { ...shared, model: model.key, prompts: [...lines] } as RunRequest, taskCount: lines.length };
}
