import { describe, expect, it } from "vitest";
import { buildGenerateRequest, type ComposerValues } from "@/components/studio/build-generate-request";
import { en } from "@/lib/shared/i18n/en";
import { zh } from "@/lib/shared/i18n/zh";
import { MODEL_CARDS } from "@/lib/shared/models/catalogue";
import { modelOptions } from "@/lib/shared/models/options";
import { basePriceUsd } from "@/lib/shared/models/price";

const models = modelOptions(en, "en");
/** The body's fields, whichever model's shape it has. */
const fields = (body: unknown) => body as Record<string, unknown>;
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
  seed: "",
  numOutputs: 2,
  outputFormat: "png",
  loraWeights: "",
  loraScale: "1",
  inputImage: null,
  references: [],
  resolution: "",
  parentId: null,
  carried: {},
};

describe("buildGenerateRequest", () => {
  it("builds the body of POST /api/generate", () => {
    expect(buildGenerateRequest(values, model("flux-schnell"), "zh")).toEqual({
      ok: true,
      body: {
        model: "flux-schnell",
        prompt: "a red fox in snow",
        aspect_ratio: "16:9",
        is_private: true,
        locale: "zh",
        output_format: "png",
        num_outputs: 2,
      },
    });
  });

  it("rejects an empty prompt and a bad seed", () => {
    expect(buildGenerateRequest({ ...values, prompt: "   " }, model("flux-dev"), "en")).toEqual({ ok: false, field: "prompt" });
    expect(buildGenerateRequest({ ...values, seed: "-3" }, model("flux-dev"), "en")).toEqual({ ok: false, field: "seed" });
    expect(buildGenerateRequest({ ...values, seed: "1.5" }, model("flux-dev"), "en")).toEqual({ ok: false, field: "seed" });
    expect(buildGenerateRequest({ ...values, seed: "9007199254740992" }, model("flux-dev"), "en")).toEqual({ ok: false, field: "seed" });
  });

  it("sends a seed when one is given", () => {
    const built = buildGenerateRequest({ ...values, seed: " 42 " }, model("flux-dev"), "en");
    expect(built.ok && fields(built.body).seed).toBe(42);
  });

  it("sends no image count to a single-image model and no ratio it lacks", () => {
    const built = buildGenerateRequest({ ...values, aspectRatio: "21:9" }, model("flux-pro"), "en");
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(fields(built.body).num_outputs).toBeUndefined();
    expect(model("flux-pro").aspectRatios).toContain(fields(built.body).aspect_ratio);
    expect(fields(built.body).aspect_ratio).not.toBe("21:9");
  });

  it("sends LoRA settings only to the LoRA model", () => {
    const lora = { ...values, loraWeights: " fofr/flux-pixar ", loraScale: "0.8" };
    const general = buildGenerateRequest(lora, model("flux-general"), "en");
    expect(general.ok && [fields(general.body).lora_weights, fields(general.body).lora_scale]).toEqual(["fofr/flux-pixar", 0.8]);
    const dev = buildGenerateRequest(lora, model("flux-dev"), "en");
    expect(dev.ok && "lora_weights" in dev.body).toBe(false);
    expect(buildGenerateRequest({ ...lora, loraScale: "4" }, model("flux-general"), "en")).toEqual({ ok: false, field: "loraScale" });
  });
});

describe("editing and remixing", () => {
  it("asks FLUX Kontext for its image and sends it with the parent, in a format it takes", () => {
    expect(buildGenerateRequest(values, model("flux-kontext-pro"), "en")).toEqual({ ok: false, field: "inputImage" });
    const built = buildGenerateRequest(
      {
        ...values,
        aspectRatio: "match_input_image",
        outputFormat: "webp",
        inputImage: { ref: "task:tsk_1/0", url: "/api/images/tsk_1/0", size: null },
        parentId: "tsk_1",
      },
      model("flux-kontext-pro"),
      "en",
    );
    expect(built).toEqual({
      ok: true,
      body: {
        model: "flux-kontext-pro",
        prompt: "a red fox in snow",
        aspect_ratio: "match_input_image",
        is_private: true,
        locale: "en",
        output_format: "png",
        input_image: "task:tsk_1/0",
        parent_id: "tsk_1",
      },
    });
  });

  it("carries the knobs the form does not show, and lets the form's own fields win", () => {
    const built = buildGenerateRequest({ ...values, seed: "7", carried: { guidance: 4.5, go_fast: false, seed: 1 } }, model("flux-dev"), "en");
    expect(built.ok && built.body).toMatchObject({ guidance: 4.5, go_fast: false, seed: 7 });
  });
});

describe("modelOptions", () => {
  it("passes the registry's facts, translated and formatted", () => {
    const schnell = model("flux-schnell");
    expect(schnell.priceLabel).toBe(`$${basePriceUsd(MODEL_CARDS["flux-schnell"].price)}`);
    expect(schnell.speedLabel).toBe(en.speeds[MODEL_CARDS["flux-schnell"].speed]);
    expect(schnell.typicalSecondsLabel).toContain(String(MODEL_CARDS["flux-schnell"].typicalSeconds));
    expect(model("flux-general").supportsLora).toBe(true);
    expect(model("flux-pro").maxOutputs).toBe(MODEL_CARDS["flux-pro"].maxOutputs);

    const chinese = modelOptions(zh, "zh");
    expect(chinese.map((option) => option.description)).toEqual(Object.values(zh.models));
  });

  it("shows the price the server charges when the owner overrides it (MODEL_PRICES_USD)", () => {
    const overridden = modelOptions(en, "en", { "flux-dev": 0.031 });
    const dev = overridden.find((option) => option.key === "flux-dev")!;
    expect(basePriceUsd(dev.price)).toBe(0.031);
    expect(dev.priceLabel).toBe("$0.031");
    const schnell = overridden.find((option) => option.key === "flux-schnell")!;
    expect(basePriceUsd(schnell.price)).toBe(basePriceUsd(MODEL_CARDS["flux-schnell"].price));
  });

  it("is plain data that survives serialization to the browser", () => {
    expect(JSON.parse(JSON.stringify(models))).toEqual(models);
  });
});
