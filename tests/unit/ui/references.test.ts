import { describe, expect, it } from "vitest";
import { buildGenerateRequest, type ComposerValues } from "@/components/studio/build-generate-request";
import { presetForEdit, presetFromTask } from "@/components/studio/composer-preset";
import { chosenResolution, defaultPriceMicros, generationPriceMicros, type PriceChoice } from "@/components/studio/generation-price";
import {
  addReferences,
  moveReference,
  type PickedImage,
  pricedSizes,
  removeReference,
  taskImage,
  trimReferences,
  withSize,
} from "@/components/studio/reference-list";
import { remixRequest } from "@/components/tasks/remix";
import type { ModelOption } from "@/lib/shared/models/options";
import { expectedOutputMegapixels, priceMicrosOfInput } from "@/lib/shared/models/price";
import type { TaskView } from "@/lib/shared/task-view";

// Made-up options: the catalogue's models that read references may not exist yet, and these tests are about the
// studio's handling of the ModelOption fields, whatever models carry them.

const base: ModelOption = {
  key: "flux-schnell",
  label: "Plain",
  kind: "generate",
  purpose: "draft",
  description: "",
  speedLabel: "",
  typicalSecondsLabel: "",
  priceLabel: "$0.003",
  price: { per: "image", usd: 0.003, source: "test", estimate: false },
  size: null,
  aspectRatios: ["1:1", "16:9"],
  defaultAspectRatio: "1:1",
  outputFormats: ["webp", "jpg", "png"],
  maxOutputs: 4,
  maxInputImages: 0,
  supportsLora: false,
  editsImage: false,
};

/** FLUX.2-like: priced per megapixel of the output and of each reference, several resolutions. */
const megapixel: ModelOption = {
  ...base,
  key: "flux-dev",
  label: "Mega",
  purpose: "references",
  maxOutputs: 1,
  maxInputImages: 3,
  price: { per: "megapixel", firstUsd: 0.03, extraUsd: 0.015, inputUsd: 0.015, source: "test", estimate: false },
  size: {
    field: "resolution",
    resolutions: ["match_input_image", "1 MP", "2 MP", "4 MP"],
    defaultResolution: "1 MP",
    megapixels: { "1 MP": 1, "2 MP": 2, "4 MP": 4 },
    matchInput: { minMegapixels: 0.25, maxMegapixels: 4 },
  },
};

/** Nano-Banana-like: a price per resolution tier. */
const tiered: ModelOption = {
  ...base,
  key: "flux-pro",
  label: "Tiers",
  purpose: "text",
  maxOutputs: 1,
  maxInputImages: 2,
  price: { per: "resolution", usd: { "1K": 0.1, "2K": 0.1, "4K": 0.2 }, defaultTier: "1K", source: "test", estimate: false },
  size: { field: "resolution", resolutions: ["1K", "2K", "4K"], defaultResolution: "1K", megapixels: { "1K": 1, "2K": 4, "4K": 16 } },
};

const picked = (n: number, size: PickedImage["size"] = null): PickedImage => ({
  ref: `upl_${String(n).padStart(32, "0")}`,
  url: `/api/uploads/${n}`,
  size,
});
const refs = (list: readonly PickedImage[]) => list.map((image) => image.ref);

const values: ComposerValues = {
  prompt: "image 1 wearing the hat of image 2",
  model: "flux-dev",
  aspectRatio: "1:1",
  isPrivate: false,
  seed: "",
  numOutputs: 1,
  outputFormat: "webp",
  loraWeights: "",
  loraScale: "1",
  inputImage: null,
  references: [],
  resolution: "",
  parentId: null,
  carried: {},
};

describe("the reference list", () => {
  it("adds in order up to the model's limit and counts what it refuses", () => {
    const first = addReferences([], [picked(1), picked(2)], 3);
    expect(refs(first.list)).toEqual(refs([picked(1), picked(2)]));
    expect(first).toMatchObject({ added: 2, refused: 0, duplicateOf: null });
    const more = addReferences(first.list, [picked(3), picked(4), picked(5)], 3);
    expect(refs(more.list)).toEqual(refs([picked(1), picked(2), picked(3)]));
    expect(more).toMatchObject({ added: 1, refused: 2 });
  });

  it("does not add the same image twice, and says where it already is", () => {
    const list = [picked(1), picked(2)];
    expect(addReferences(list, [picked(2)], 3)).toMatchObject({ added: 0, refused: 0, duplicateOf: 1 });
  });

  it("moves an image earlier or later, the others keeping their order, and stays within the list", () => {
    const list = [picked(1), picked(2), picked(3)];
    expect(refs(moveReference(list, 2, 1))).toEqual(refs([picked(1), picked(3), picked(2)]));
    expect(refs(moveReference(list, 0, 1))).toEqual(refs([picked(2), picked(1), picked(3)]));
    expect(refs(moveReference(list, 0, 2))).toEqual(refs([picked(2), picked(3), picked(1)]));
    expect(refs(moveReference(list, 0, -1))).toEqual(refs(list));
    expect(refs(moveReference(list, 2, 9))).toEqual(refs(list));
    expect(refs(moveReference(list, 5, 0))).toEqual(refs(list));
    expect(refs(list)).toEqual(refs([picked(1), picked(2), picked(3)]));
  });

  it("removes one image", () => {
    expect(refs(removeReference([picked(1), picked(2), picked(3)], 1))).toEqual(refs([picked(1), picked(3)]));
  });

  it("keeps the first ones when a model reads fewer, so “image 1” still means the same image", () => {
    expect(trimReferences([picked(1), picked(2), picked(3)], 2)).toEqual({ list: [picked(1), picked(2)], dropped: 1 });
    expect(trimReferences([picked(1)], 0)).toEqual({ list: [], dropped: 1 });
    expect(trimReferences([picked(1)], 4)).toEqual({ list: [picked(1)], dropped: 0 });
  });

  it("learns an unknown size once, and prices an unknown one as the server does (1000 × 1000)", () => {
    const list = [picked(1), picked(2, { width: 640, height: 480 })];
    const sized = withSize(list, picked(1).ref, { width: 2000, height: 1000 });
    expect(sized[0]?.size).toEqual({ width: 2000, height: 1000 });
    expect(withSize(sized, picked(1).ref, { width: 1, height: 1 })).toBe(sized);
    expect(pricedSizes(list)).toEqual([
      { width: 1000, height: 1000 },
      { width: 640, height: 480 },
    ]);
  });

  it("names a task's output as the API does, with its stored size when known", () => {
    const task = {
      id: "tsk_a",
      images: [
        { url: "/api/images/tsk_a/0", width: 1024, height: 768 },
        { url: "/api/images/tsk_a/1", width: null, height: null },
      ],
    };
    expect(taskImage(task, 0)).toEqual({ ref: "task:tsk_a/0", url: "/api/images/tsk_a/0", size: { width: 1024, height: 768 } });
    expect(taskImage(task, 1)?.size).toBeNull();
    expect(taskImage(task, 2)).toBeNull();
  });
});

describe("the request with references and a resolution", () => {
  it("sends the references in order, only to a model that reads them", () => {
    const withRefs = { ...values, references: [picked(2), picked(1)] };
    const built = buildGenerateRequest(withRefs, megapixel, "en");
    expect(built.ok && built.body).toMatchObject({ model: "flux-dev", input_images: refs([picked(2), picked(1)]) });
    const plain = buildGenerateRequest({ ...withRefs, model: "flux-schnell" }, base, "en");
    expect(plain.ok && "input_images" in plain.body).toBe(false);
    const none = buildGenerateRequest(values, megapixel, "en");
    expect(none.ok && "input_images" in none.body).toBe(false);
  });

  it("never sends more references than the model reads", () => {
    const built = buildGenerateRequest({ ...values, references: [1, 2, 3, 4].map((n) => picked(n)) }, megapixel, "en");
    expect(built.ok && (built.body as { input_images?: string[] }).input_images).toEqual(refs([1, 2, 3].map((n) => picked(n))));
  });

  it("sends the resolution picked when the model takes one, and nothing otherwise", () => {
    const built = buildGenerateRequest({ ...values, resolution: "2 MP" }, megapixel, "en");
    expect(built.ok && (built.body as { resolution?: string }).resolution).toBe("2 MP");
    const unpicked = buildGenerateRequest(values, megapixel, "en");
    expect(unpicked.ok && "resolution" in unpicked.body).toBe(false);
    const foreign = buildGenerateRequest({ ...values, resolution: "4K" }, megapixel, "en");
    expect(foreign.ok && "resolution" in foreign.body).toBe(false);
    const fixedSize = buildGenerateRequest({ ...values, model: "flux-schnell", resolution: "2 MP" }, base, "en");
    expect(fixedSize.ok && "resolution" in fixedSize.body).toBe(false);
  });

  it("asks for the first reference's size only when there is one", () => {
    expect(chosenResolution(megapixel, "match_input_image", false)).toBeNull();
    expect(chosenResolution(megapixel, "match_input_image", true)).toBe("match_input_image");
    const built = buildGenerateRequest({ ...values, resolution: "match_input_image", references: [picked(1)] }, megapixel, "en");
    expect(built.ok && (built.body as { resolution?: string }).resolution).toBe("match_input_image");
  });
});

describe("the price label", () => {
  const choice: PriceChoice = { imageCount: 1, resolution: "", inputImage: null, references: [] };
  const usd = (micros: number) => micros / 1_000_000;

  it("prices a plain model per image, times the images asked for", () => {
    expect(usd(generationPriceMicros(base, { ...choice, imageCount: 3 }))).toBeCloseTo(0.009, 9);
    expect(usd(defaultPriceMicros(base))).toBe(0.003);
  });

  it("follows the resolution and every reference's size on a per-megapixel model", () => {
    expect(usd(defaultPriceMicros(megapixel))).toBeCloseTo(0.03, 9);
    expect(usd(generationPriceMicros(megapixel, { ...choice, resolution: "2 MP" }))).toBeCloseTo(0.045, 9);
    // A 2 MP upload counts two input megapixels; a result of unknown size counts one.
    const references = [picked(1, { width: 2000, height: 1000 }), picked(2)];
    expect(usd(generationPriceMicros(megapixel, { ...choice, references }))).toBeCloseTo(0.03 + 3 * 0.015, 9);
    // "Same as image 1": the output takes the first reference's size (2 MP → one more output megapixel).
    expect(usd(generationPriceMicros(megapixel, { ...choice, resolution: "match_input_image", references }))).toBeCloseTo(0.045 + 3 * 0.015, 9);
  });

  it("ignores references a model does not read", () => {
    expect(generationPriceMicros(base, { ...choice, references: [picked(1, { width: 4000, height: 4000 })] })).toBe(defaultPriceMicros(base));
  });

  it("follows the tier on a per-resolution model", () => {
    expect(usd(defaultPriceMicros(tiered))).toBe(0.1);
    expect(usd(generationPriceMicros(tiered, { ...choice, resolution: "4K" }))).toBe(0.2);
  });

  it("is exactly what the server reserves for the request the form sends", () => {
    const form = { ...values, resolution: "2 MP", references: [picked(1, { width: 1500, height: 1500 }), picked(2)] };
    const built = buildGenerateRequest(form, megapixel, "en");
    if (!built.ok) throw new Error("the request did not build");
    const { input_images, ...params } = built.body as Record<string, unknown>;
    expect(input_images).toHaveLength(2);
    const sizes = [
      { width: 1500, height: 1500 },
      { width: 1000, height: 1000 },
    ];
    const reserved = priceMicrosOfInput(megapixel.price, params, {
      outputMegapixels: expectedOutputMegapixels(megapixel.size, params, sizes),
      inputImages: sizes,
    });
    expect(generationPriceMicros(megapixel, { imageCount: 1, resolution: form.resolution, inputImage: null, references: form.references })).toBe(
      reserved,
    );
  });
});

describe("putting a task back into the composer", () => {
  const task: TaskView = {
    id: "tsk_b",
    status: "succeeded",
    progress: 100,
    model: "flux-dev",
    prompt: "image 1 in the style of image 2",
    aspect_ratio: "1:1",
    is_private: false,
    locale: "en",
    seed: 5,
    seed_reproducible: true,
    parent_id: null,
    run_id: null,
    starred: false,
    mask: null,
    input_image: null,
    input_images: [
      { url: "/api/uploads/x", ref: picked(7).ref },
      { url: "/api/images/tsk_a/0", ref: "task:tsk_a/0" },
    ],
    settings: { resolution: "2 MP", guidance: 3 },
    images: [{ url: "/api/images/tsk_b/0", width: 1448, height: 1448 }],
    error: null,
    cost_usd: 0.06,
    cancel_requested: false,
    created_at: "2026-01-01T00:00:00.000Z",
    started_at: null,
    completed_at: null,
  };

  it("“Use these settings” brings its references (in order) and its resolution back", () => {
    const preset = presetFromTask(task);
    expect(preset.references?.map((image) => image.ref)).toEqual([picked(7).ref, "task:tsk_a/0"]);
    expect(preset.resolution).toBe("2 MP");
    expect(preset.carried).toEqual({ guidance: 3 });
  });

  it("“Vary” sends the same references", () => {
    expect(remixRequest(task, { vary: true, seed: 1 })).toMatchObject({ input_images: [picked(7).ref, "task:tsk_a/0"], resolution: "2 MP", seed: 1 });
  });

  it("“Edit this image” knows the output's size", () => {
    expect(presetForEdit(task, 0, "flux-kontext-pro").inputImage).toEqual({
      ref: "task:tsk_b/0",
      url: "/api/images/tsk_b/0",
      size: { width: 1448, height: 1448 },
    });
  });
});
