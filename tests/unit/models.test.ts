import { describe, expect, it } from "vitest";
import { outputUrls, REPLICATE_MODELS } from "../../lib/ai-gateway/replicate-models";
import { generateBodySchema, modelInputSchema } from "../../lib/shared/api/generate";
import { ASPECT_RATIOS, isModelKey, MODEL_CARDS, MODEL_KEYS } from "../../lib/shared/models/catalogue";
import { basePriceUsd, chargedRule, expectedOutputMegapixels, priceMicrosOfInput } from "../../lib/shared/models/price";

const priceFor = (key: keyof typeof MODEL_CARDS, images: number, overrides?: Record<string, number>) =>
  priceMicrosOfInput(chargedRule(key, MODEL_CARDS[key].price, overrides), { num_outputs: images }, { outputMegapixels: 1, inputImages: [] }) /
  1_000_000;

describe("the catalogue and the provider mapping", () => {
  it("has one card and one Replicate model per key", () => {
    expect(Object.keys(MODEL_CARDS).sort()).toEqual([...MODEL_KEYS].sort());
    expect(Object.keys(REPLICATE_MODELS).sort()).toEqual([...MODEL_KEYS].sort());
    expect(MODEL_KEYS.map((key) => REPLICATE_MODELS[key].model)).toEqual([
      "black-forest-labs/flux-schnell",
      "black-forest-labs/flux-dev",
      "black-forest-labs/flux-pro",
      "black-forest-labs/flux-dev-lora",
      "black-forest-labs/flux-kontext-pro",
      "black-forest-labs/flux-2-pro",
      "black-forest-labs/flux-2-flex",
      "black-forest-labs/flux-2-dev",
      "black-forest-labs/flux-2-klein-4b",
      "google/nano-banana-pro",
      "google/nano-banana-2",
      "black-forest-labs/flux-fill-pro",
      "google/upscaler",
    ]);
    for (const key of MODEL_KEYS) expect(MODEL_CARDS[key].key).toBe(key);
  });

  it.each(["flux-ultra", "", "FLUX-DEV", "toString", "__proto__", "constructor"])("%j is no model, never a fallback", (key) => {
    expect(isModelKey(key)).toBe(false);
    const parsed = generateBodySchema.safeParse({ model: key, prompt: "x" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/must be one of flux-schnell, flux-dev, flux-pro, flux-general, flux-kontext-pro/);
  });

  it("flux-pro returns one URI and has no 21:9 / 9:21; the others return arrays with every ratio", () => {
    expect(REPLICATE_MODELS["flux-pro"].output).toBe("single");
    const pro = MODEL_CARDS["flux-pro"];
    expect(pro.maxOutputs).toBe(1);
    expect(pro.aspectRatios).not.toContain("21:9");
    expect(pro.aspectRatios).not.toContain("9:21");
    expect(pro.aspectRatios).toHaveLength(ASPECT_RATIOS.length - 2);
    for (const key of ["flux-schnell", "flux-dev", "flux-general"] as const) {
      expect(REPLICATE_MODELS[key].output).toBe("array");
      expect(MODEL_CARDS[key]).toMatchObject({ maxOutputs: 4, aspectRatios: ASPECT_RATIOS });
    }
    expect(outputUrls(REPLICATE_MODELS["flux-pro"], ["https://a.example/1.png", "https://a.example/2.png"])).toEqual(["https://a.example/1.png"]);
  });
});

describe("flux-kontext-pro", () => {
  const kontext = MODEL_CARDS["flux-kontext-pro"];
  const schema = modelInputSchema("flux-kontext-pro");
  const input = { prompt: "make it night", input_image: "https://app.example/api/input-images?key=k&exp=1&sig=s" };

  it("needs an image by URL and answers one image, matching the input's ratio by default", () => {
    expect(REPLICATE_MODELS["flux-kontext-pro"].output).toBe("single");
    expect(kontext).toMatchObject({ maxOutputs: 1, inputImage: "required", kind: "edit" });
    expect(basePriceUsd(kontext.price)).toBe(0.04);
    expect(kontext.defaultAspectRatio).toBe("match_input_image");
    expect(kontext.aspectRatios).toEqual(expect.arrayContaining(["match_input_image", "2:1", "1:2", "21:9"]));
    expect(schema.safeParse(input).success).toBe(true);
    expect(schema.safeParse({ prompt: "x" }).success).toBe(false);
    expect(schema.safeParse({ ...input, input_image: "upl_123" }).success).toBe(false);
  });

  it("keeps safety_tolerance at 2 or less with an image, and takes only jpg or png", () => {
    expect(schema.safeParse({ ...input, safety_tolerance: 2 }).success).toBe(true);
    expect(schema.safeParse({ ...input, safety_tolerance: 0 }).success).toBe(true);
    expect(schema.safeParse({ ...input, safety_tolerance: 3 }).success).toBe(false);
    expect(schema.safeParse({ ...input, output_format: "webp" }).success).toBe(false);
    expect(schema.safeParse({ ...input, num_outputs: 2 }).success).toBe(false);
  });
});

describe("the price of delivered images", () => {
  it("multiplies the per-image price", () => {
    expect(priceFor("flux-schnell", 4)).toBe(0.012);
    expect(priceFor("flux-dev", 1)).toBe(0.025);
    expect(priceFor("flux-pro", 1)).toBe(0.055);
    expect(priceFor("flux-general", 3)).toBe(0.096);
    expect(priceFor("flux-dev", 0)).toBe(0);
  });

  it("uses an override for that model only", () => {
    expect(priceFor("flux-dev", 2, { "flux-dev": 0.03 })).toBe(0.06);
    expect(priceFor("flux-pro", 1, { "flux-dev": 0.03 })).toBe(0.055);
  });

  it("charges a delivery its share of the reservation", async () => {
    const { chargeMicrosFor } = await import("../../lib/shared/models/price");
    expect(chargeMicrosFor(100_000, 4, 3)).toBe(75_000);
    expect(chargeMicrosFor(100_000, 4, 0)).toBe(0);
    expect(chargeMicrosFor(100_000, 1, 2)).toBe(100_000);
    for (const images of [-1, 1.5, Number.NaN]) expect(() => chargeMicrosFor(100_000, 4, images)).toThrow(RangeError);
  });
});

describe("input schemas (the provider's real limits)", () => {
  const valid = (key: keyof typeof MODEL_CARDS, input: Record<string, unknown>) => modelInputSchema(key).safeParse(input).success;

  it("trims the prompt and allows 1..2000 characters", () => {
    const parsed = modelInputSchema("flux-schnell").parse({ prompt: "  fox  " });
    expect(parsed).toEqual({ prompt: "fox" });
    expect(valid("flux-schnell", { prompt: "x".repeat(2000) })).toBe(true);
    expect(valid("flux-schnell", { prompt: "x".repeat(2001) })).toBe(false);
    expect(valid("flux-schnell", { prompt: " \n " })).toBe(false);
    expect(valid("flux-schnell", {})).toBe(false);
  });

  it.each([
    ["flux-schnell", { num_inference_steps: 4 }, true],
    ["flux-schnell", { num_inference_steps: 5 }, false],
    ["flux-schnell", { num_inference_steps: 0 }, false],
    ["flux-schnell", { num_outputs: 4 }, true],
    ["flux-schnell", { num_outputs: 5 }, false],
    ["flux-schnell", { guidance: 3 }, false],
    ["flux-schnell", { aspect_ratio: "21:9", output_format: "jpg", seed: 7, output_quality: 100 }, true],
    ["flux-schnell", { output_format: "gif" }, false],
    ["flux-schnell", { output_quality: 101 }, false],
    ["flux-schnell", { seed: 1.5 }, false],
    ["flux-schnell", { disable_safety_checker: true }, false],
    ["flux-dev", { num_inference_steps: 50, guidance: 10, prompt_strength: 1 }, true],
    ["flux-dev", { num_inference_steps: 51 }, false],
    ["flux-dev", { guidance: 10.5 }, false],
    ["flux-dev", { image: "https://example.com/in.png", prompt_strength: 0.8 }, true],
    ["flux-dev", { image: "javascript:alert(1)" }, false],
    ["flux-dev", { lora_weights: "fofr/flux-80s-cyberpunk" }, false],
    ["flux-general", { lora_weights: "fofr/flux-80s-cyberpunk", lora_scale: 3 }, true],
    ["flux-general", { lora_weights: "fofr/flux-80s-cyberpunk", extra_lora: "owner/other" }, false],
    ["flux-general", { lora_scale: 3.5 }, false],
    ["flux-general", { lora_scale: -1.5 }, false],
    ["flux-general", { hf_api_token: "hf_x" }, false],
    ["flux-pro", { num_inference_steps: 50, guidance: 5, interval: 4, safety_tolerance: 6 }, true],
    ["flux-pro", { guidance: 1.5 }, false],
    ["flux-pro", { safety_tolerance: 7 }, false],
    ["flux-pro", { aspect_ratio: "21:9" }, false],
    ["flux-pro", { aspect_ratio: "9:16" }, true],
    ["flux-pro", { num_outputs: 2 }, false],
  ] as const)("%s %j → valid: %s", (key, input, expected) => {
    expect(valid(key, { prompt: "a fox", ...input })).toBe(expected);
  });

  it("every model's parsed input parses again to itself (a stored input stays valid)", () => {
    const inputs: Record<string, Record<string, unknown>> = {
      "flux-schnell": { prompt: " fox ", num_inference_steps: 4, go_fast: false, megapixels: "0.25", seed: 3 },
      "flux-dev": { prompt: "fox", num_inference_steps: 30, guidance: 4, prompt_strength: 0.5, image: "https://example.com/a.png" },
      "flux-pro": { prompt: "fox", num_outputs: 1, num_inference_steps: 30, guidance: 3, interval: 2, safety_tolerance: 3 },
      "flux-general": { prompt: "fox", lora_weights: "owner/lora", lora_scale: -1 },
    };
    for (const [key, input] of Object.entries(inputs)) {
      const schema = modelInputSchema(key as keyof typeof MODEL_CARDS);
      const once = schema.parse(input);
      expect(schema.parse(once), key).toEqual(once);
    }
  });

  it("flux-pro's provider input uses the provider's names", () => {
    const parsed = modelInputSchema("flux-pro").parse({ prompt: "fox", num_outputs: 1, num_inference_steps: 30 });
    expect(parsed).toEqual({ prompt: "fox", num_outputs: 1, num_inference_steps: 30 });
    expect(REPLICATE_MODELS["flux-pro"].toInput(parsed)).toEqual({ prompt: "fox", steps: 30 });
  });
});

describe("outputUrls", () => {
  const schnell = REPLICATE_MODELS["flux-schnell"];
  const pro = REPLICATE_MODELS["flux-pro"];

  it("normalises an array, a single URI and null", () => {
    const urls = ["https://replicate.delivery/a/out-0.webp", "https://replicate.delivery/a/out-1.webp"];
    expect(outputUrls(schnell, urls)).toEqual(urls);
    expect(outputUrls(pro, "https://replicate.delivery/b/output.webp")).toEqual(["https://replicate.delivery/b/output.webp"]);
    expect(outputUrls(schnell, null)).toEqual([]);
    expect(outputUrls(schnell, undefined)).toEqual([]);
  });

  it("keeps only http(s) URL strings", () => {
    expect(outputUrls(schnell, ["https://ok.test/1.png", 3, null, "not a url", "file:///etc/passwd"])).toEqual(["https://ok.test/1.png"]);
    expect(outputUrls(schnell, { url: "https://x.test" })).toEqual([]);
  });
});

describe("prices that follow the input", () => {
  const pro = MODEL_CARDS["flux-2-pro"];
  const micros = (key: keyof typeof MODEL_CARDS, input: Record<string, unknown>, refs: { width: number; height: number }[] = []) =>
    priceMicrosOfInput(MODEL_CARDS[key].price, input, {
      outputMegapixels: expectedOutputMegapixels(MODEL_CARDS[key].size, input, refs),
      inputImages: refs,
    });

  it("FLUX.2 Pro: the first output megapixel, each further one, each started megapixel of every reference", () => {
    expect(micros("flux-2-pro", {})).toBe(30_000);
    expect(micros("flux-2-pro", { resolution: "0.5 MP" })).toBe(30_000);
    expect(micros("flux-2-pro", { resolution: "4 MP" })).toBe(75_000);
    expect(micros("flux-2-pro", { resolution: "2 MP" }, [{ width: 1024, height: 1024 }])).toBe(60_000);
    expect(micros("flux-2-pro", { resolution: "1 MP" }, [{ width: 2048, height: 1500 }])).toBe(75_000);
  });

  it("match_input_image takes the first reference's size, clamped to 0.5–4 MP", () => {
    expect(expectedOutputMegapixels(pro.size, { resolution: "match_input_image" }, [{ width: 2048, height: 2048 }])).toBe(4);
    expect(expectedOutputMegapixels(pro.size, { resolution: "match_input_image" }, [{ width: 4096, height: 4096 }])).toBe(4);
    expect(expectedOutputMegapixels(pro.size, { resolution: "match_input_image" }, [{ width: 256, height: 256 }])).toBe(0.5);
    expect(expectedOutputMegapixels(pro.size, { resolution: "match_input_image" }, [])).toBe(1);
  });

  it("Nano Banana by tier, Klein by its own output_megapixels field", () => {
    expect(micros("nano-banana-pro", {})).toBe(150_000);
    expect(micros("nano-banana-pro", { resolution: "4K" })).toBe(300_000);
    expect(micros("nano-banana-2", { resolution: "1K" })).toBe(67_000);
    expect(micros("flux-2-klein-4b", { output_megapixels: "4" })).toBe(4_000);
  });

  it("an override replaces the price at the defaults and scales the rest of the rule", () => {
    const scaled = chargedRule("flux-2-pro", pro.price, { "flux-2-pro": 0.06 });
    expect(basePriceUsd(scaled)).toBe(0.06);
    expect(priceMicrosOfInput(scaled, { resolution: "4 MP" }, { outputMegapixels: 4, inputImages: [] })).toBe(150_000);
    expect(chargedRule("flux-2-pro", pro.price, { "flux-dev": 0.5 })).toBe(pro.price);
  });
});
