import { describe, expect, it } from "vitest";
import { buildGenerateRequest, type ComposerValues } from "@/components/studio/build-generate-request";
import { promptLines, sharedRatios } from "@/components/studio/run-request";
import { buildCompareRequest, buildPromptsRequest } from "@/components/studio/start-run";
import { highlightParts } from "@/components/tasks/highlight-parts";
import { runBodySchema } from "@/lib/shared/api/runs";
import { en } from "@/lib/shared/i18n/en";
import { modelOptions } from "@/lib/shared/models/options";

const models = modelOptions(en, "en");
const model = (key: string) => {
  const found = models.find((option) => option.key === key);
  if (!found) throw new Error(`no model ${key}`);
  return found;
};

const values: ComposerValues = {
  prompt: "  a red fox in snow  ",
  model: "flux-schnell",
  aspectRatio: "16:9",
  isPrivate: true,
  seed: "42",
  numOutputs: 1,
  outputFormat: "png",
  loraWeights: "",
  loraScale: "1",
  inputImage: null,
  references: [],
  resolution: "",
  parentId: "tsk_parent",
  carried: {},
};

describe("the composer's runs", () => {
  it("reads one prompt a line, trimmed, blank lines skipped", () => {
    expect(promptLines("  one \n\n two\r\n\t\nthree  \n")).toEqual(["one", "two", "three"]);
    expect(promptLines(" \n ")).toEqual([]);
  });

  it("offers only the aspect ratios every chosen model takes", () => {
    expect(sharedRatios([{ aspectRatios: ["1:1", "16:9", "9:16"] }, { aspectRatios: ["9:16", "1:1"] }])).toEqual(["1:1", "9:16"]);
    expect(sharedRatios([])).toEqual(["1:1"]);
  });

  it("builds a compare run of the prompt, the models and only the shared settings", () => {
    expect(buildCompareRequest(values, ["flux-schnell", "flux-dev"], "16:9", "zh")).toEqual({
      ok: true,
      body: { models: ["flux-schnell", "flux-dev"], prompt: "a red fox in snow", aspect_ratio: "16:9", is_private: true, locale: "zh" },
      taskCount: 2,
    });
    const built = buildCompareRequest(values, ["flux-schnell", "flux-dev", "nano-banana-2"], "1:1", "en");
    if (!built.ok) throw new Error("not built");
    // The server's own parser of the run takes what the studio sends.
    expect(runBodySchema.safeParse(built.body).success).toBe(true);
    expect(buildCompareRequest(values, ["flux-schnell"], "16:9", "en")).toEqual({ ok: false, problem: "compareTooFew" });
    expect(buildCompareRequest({ ...values, prompt: "  " }, ["flux-schnell", "flux-dev"], "1:1", "en")).toEqual({ ok: false, field: "prompt" });
  });

  it("builds a several-prompts run with the single form's settings for its model, without a parent", () => {
    const built = buildPromptsRequest(buildGenerateRequest({ ...values, prompt: "a fox" }, model("flux-schnell"), "en"), ["a fox", "a hare"]);
    expect(built).toMatchObject({
      ok: true,
      taskCount: 2,
      body: { model: "flux-schnell", prompts: ["a fox", "a hare"], seed: 42, aspect_ratio: "16:9" },
    });
    if (!built.ok) throw new Error("not built");
    expect(runBodySchema.safeParse(built.body).success).toBe(true);
    expect(built.body).not.toHaveProperty("prompt");
    expect(built.body).not.toHaveProperty("parent_id");
    expect(buildPromptsRequest(buildGenerateRequest(values, model("flux-schnell"), "en"), [])).toEqual({ ok: false, problem: "promptsEmpty" });
    const eleven = Array.from({ length: 11 }, (_, index) => `prompt ${index}`);
    expect(buildPromptsRequest(buildGenerateRequest(values, model("flux-schnell"), "en"), eleven)).toEqual({ ok: false, problem: "promptsTooMany" });
    expect(buildPromptsRequest(buildGenerateRequest({ ...values, seed: "x" }, model("flux-schnell"), "en"), ["a fox"])).toEqual({
      ok: false,
      field: "seed",
    });
  });
});

describe("highlightParts", () => {
  it("cuts the prompt at the matched words", () => {
    expect(
      highlightParts("A fox <b>and</b> a Fox", [
        [2, 5],
        [19, 22],
      ]),
    ).toEqual([
      { text: "A ", marked: false },
      { text: "fox", marked: true },
      { text: " <b>and</b> a ", marked: false },
      { text: "Fox", marked: true },
    ]);
    expect(highlightParts("plain")).toEqual([{ text: "plain", marked: false }]);
  });

  it("clips ranges that overlap, run backwards or past the end", () => {
    expect(
      highlightParts("abcdef", [
        [4, 99],
        [1, 3],
        [2, 4],
        [5, 2],
      ]),
    ).toEqual([
      { text: "a", marked: false },
      { text: "bc", marked: true },
      { text: "d", marked: true },
      { text: "ef", marked: true },
    ]);
  });
});
