import type { ApiResult } from "@/components/api-client/api-result";
import { postJson } from "@/components/api-client/endpoints";
import type { RunRequest, RunView } from "@/components/api-client/run-types";
import type { Dictionary } from "@/lib/shared/i18n/en";
import { format } from "@/lib/shared/i18n/format";
import { RUN_MAX_MODELS, RUN_MAX_PROMPTS, RUN_MIN_MODELS } from "@/lib/shared/limits";
import type { BuildResult, ComposerValues, InvalidField } from "./build-generate-request";
import type { RunMode } from "./run-request";

// Loaded when a run is first sent (the composer fetches it as soon as someone picks a run mode), so the studio's first
// load carries none of it.

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

/**
 * The POST /api/runs body of a several-prompts run: the single form's request for the model (`single`, built by the
 * composer with the first line as its prompt), with `prompts` for `prompt` and no parent.
 */
export function buildPromptsRequest(single: BuildResult, lines: readonly string[]): RunBuild {
  if (lines.length === 0) return { ok: false, problem: "promptsEmpty" };
  if (lines.length > RUN_MAX_PROMPTS) return { ok: false, problem: "promptsTooMany" };
  if (!single.ok) return single;
  const { prompt: _one, parent_id: _parent, ...shared } = single.body as Record<string, unknown>;
  return { ok: true, body: { ...shared, prompts: [...lines] } as RunRequest, taskCount: lines.length };
}

interface RunInput {
  mode: Exclude<RunMode, "single">;
  values: ComposerValues;
  /** Compare mode's chosen models. */
  keys: readonly string[];
  /** Several-prompts mode's lines. */
  lines: readonly string[];
  aspectRatio: string;
  /** Several-prompts mode: the single form's request with the first line as its prompt. */
  single: BuildResult;
  locale: string;
  strings: Dictionary["runs"];
}

export type RunStart =
  | { kind: "field"; field: InvalidField }
  /** What is wrong with the models or the lines, in words, and the control to fix it. */
  | { kind: "problem"; message: string; focus: string }
  | { kind: "sent"; result: ApiResult<{ run: RunView }> };

/** Checks the run the composer holds and, when it is whole, sends it (POST /api/runs). */
export async function startRun({ mode, values, keys, lines, aspectRatio, single, locale, strings }: RunInput): Promise<RunStart> {
  const built = mode === "compare" ? buildCompareRequest(values, keys, aspectRatio, locale) : buildPromptsRequest(single, lines);
  if (!built.ok) {
    if ("field" in built) return { kind: "field", field: built.field };
    const max = mode === "compare" ? RUN_MAX_MODELS : RUN_MAX_PROMPTS;
    return {
      kind: "problem",
      message: format(strings[built.problem], { min: RUN_MIN_MODELS, max, extra: lines.length - RUN_MAX_PROMPTS }),
      focus: mode === "compare" ? 'input[name="compare-model"]' : "#prompt-list",
    };
  }
  return { kind: "sent", result: await postJson<{ run: RunView }>("/api/runs", built.body) };
}
