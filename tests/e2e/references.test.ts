import type { APIRequestContext, Page } from "playwright-core";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { generationPriceMicros } from "@/components/studio/generation-price";
import type { PickedImage } from "@/components/studio/reference-list";
import { en } from "@/lib/shared/i18n/en";
import { format } from "@/lib/shared/i18n/format";
import { formatUsd, microsToUsd } from "@/lib/shared/money";
import { modelOptions } from "@/lib/shared/models/options";
import type { TaskView } from "@/lib/shared/task-view";
import { useBrowserSession } from "./browser-session";
import { saveScreenshot } from "./screenshots";
import { StudioPage } from "./studio-page";

const session = useBrowserSession();

// Written against the catalogue's fields, not a model's name: the first model that reads two or more references.
// The e2e stack charges the catalogue's prices (no MODEL_PRICES_USD), so the page's options are these.
const models = modelOptions(en, "en");
const reader = models.find((model) => model.maxInputImages >= 2);
const UPLOAD = { width: 1600, height: 1200 };

function requireReader() {
  if (!reader) {
    throw new Error(
      `No model in lib/shared/models/catalogue.ts reads two or more reference images (maxInputImages >= 2); ` +
        `the catalogue has ${models.map((model) => `${model.key}: ${model.maxInputImages}`).join(", ")}.`,
    );
  }
  return reader;
}

async function taskOf(api: APIRequestContext, id: string): Promise<TaskView> {
  return ((await (await api.get(`/api/tasks/${id}`)).json()) as { task: TaskView }).task;
}

/** The cost line's "This generation: $…" for a request with these references at this resolution. */
function costText(references: readonly PickedImage[], resolution = ""): string {
  const micros = generationPriceMicros(requireReader(), { imageCount: 1, resolution, inputImage: null, references });
  return format(en.studio.cost, { price: formatUsd(microsToUsd(micros), "en") });
}

async function costLine(page: Page): Promise<string> {
  return (await page.getByTestId("spend-line").textContent()) ?? "";
}

describe("several reference images", () => {
  it.each([
    { name: "desktop", viewport: null },
    { name: "phone", viewport: { width: 390, height: 844 } },
  ])(
    "adds an upload and a result as numbered references, reorders them, prices them and shows them on the result ($name)",
    async ({ name, viewport }) => {
      const model = requireReader();
      const { page, api } = await session.visit("/en");
      if (viewport) await page.setViewportSize(viewport);
      const studio = new StudioPage(page, en);
      await studio.waitUntilInteractive();
      const form = page.getByRole("form", { name: en.studio.formLabel });

      // A finished result to use as a reference (private: out of the shared gallery).
      const created = await api.post("/api/generate", {
        data: { model: "flux-schnell", prompt: "A red felt hat on a white table", is_private: true },
      });
      expect(created.status()).toBe(201);
      const source = ((await created.json()) as { task: TaskView }).task;
      await page.reload({ waitUntil: "load" });
      await studio.waitUntilInteractive();
      await studio.waitForStatus(source.id, "succeeded");
      const sourceImage = (await taskOf(api, source.id)).images[0];
      if (!sourceImage) throw new Error("the source task has no image");

      await studio.fillForm({ prompt: "The person in image 1 wearing the hat from image 2", model: model.key, isPrivate: true });
      await form.getByText(format(en.studio.referencesCount, { count: 0, max: model.maxInputImages })).waitFor();
      await expect.poll(() => costLine(page)).toContain(costText([]));

      // 1. An upload, through the file input the "Add images" button opens.
      const photo = await sharp({ create: { ...UPLOAD, channels: 3, background: { r: 40, g: 90, b: 160 } } })
        .composite([
          { input: Buffer.from(`<svg width="${UPLOAD.width}" height="${UPLOAD.height}"><circle cx="800" cy="600" r="400" fill="#eb5"/></svg>`) },
        ])
        .png()
        .toBuffer();
      const [uploaded] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === "/api/uploads"),
        page.locator("#reference-file").setInputFiles({ name: "person.png", mimeType: "image/png", buffer: photo }),
      ]);
      expect(uploaded.status()).toBe(201);
      const upload = ((await uploaded.json()) as { upload: { id: string; url: string } }).upload;
      await form.getByRole("img", { name: format(en.studio.referenceAlt, { index: 1 }) }).waitFor();
      const uploadRef: PickedImage = { ref: upload.id, url: upload.url, size: UPLOAD };

      // 2. "Use as reference" on the finished result: it becomes image 2.
      await studio.card(source.id).getByRole("button", { name: en.tasks.useAsReference }).click();
      await form.getByRole("img", { name: format(en.studio.referenceAlt, { index: 2 }) }).waitFor();
      const resultRef: PickedImage = {
        ref: `task:${source.id}/0`,
        url: sourceImage.url,
        size: sourceImage.width !== null && sourceImage.height !== null ? { width: sourceImage.width, height: sourceImage.height } : null,
      };
      await form.getByText(format(en.studio.referencesCount, { count: 2, max: model.maxInputImages })).waitFor();
      await expect.poll(() => costLine(page)).toContain(costText([uploadRef, resultRef]));

      // Reorder with the keyboard: image 2 moves earlier, and focus follows it.
      await form.getByRole("button", { name: format(en.studio.referenceEarlier, { index: 2 }) }).focus();
      await page.keyboard.press("Enter");
      await expect
        .poll(() => form.getByRole("img", { name: format(en.studio.referenceAlt, { index: 1 }) }).getAttribute("src"))
        .toBe(sourceImage.url);
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label")))
        .toBe(format(en.studio.referenceLater, { index: 1 }));
      const references = [resultRef, uploadRef];

      // The price follows the resolution: pick one that costs something else, then go back to the default.
      if (model.size) {
        const select = form.getByLabel(en.studio.resolutionLabel, { exact: true });
        expect(await select.inputValue()).toBe(model.size.defaultResolution);
        const other = model.size.resolutions.find((resolution) => costText(references, resolution) !== costText(references));
        if (other) {
          await select.selectOption(other);
          await expect.poll(() => costLine(page)).toContain(costText(references, other));
          await select.selectOption(model.size.defaultResolution);
        }
      }
      const expectedCost = costText(references);
      await expect.poll(() => costLine(page)).toContain(expectedCost);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await saveScreenshot(page, `references-composer-${name}`);

      const task = await studio.generate({ prompt: "The person in image 1 wearing the hat from image 2" });
      expect(task.model).toBe(model.key);
      expect(task.input_images.map((image) => image.ref)).toEqual([resultRef.ref, uploadRef.ref]);
      await studio.waitForStatus(task.id, "succeeded");

      // The result shows what it read, numbered as the prompt names them.
      const shown = studio.card(task.id).getByRole("list", { name: en.tasks.referencesLabel });
      expect(await shown.getByRole("listitem").count()).toBe(2);
      expect(await shown.getByRole("img", { name: format(en.tasks.referenceAlt, { index: 1 }) }).getAttribute("src")).toBe(task.input_images[0]?.url);
      expect(await shown.getByRole("img", { name: format(en.tasks.referenceAlt, { index: 2 }) }).getAttribute("src")).toBe(task.input_images[1]?.url);
      expect((await shown.textContent())?.replace(/\s/g, "")).toBe("12");
      // What the label said is what the task cost.
      const done = await taskOf(api, task.id);
      expect(format(en.studio.cost, { price: formatUsd(done.cost_usd ?? Number.NaN, "en") })).toBe(expectedCost);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await saveScreenshot(page, `references-result-${name}`);

      // A model that reads none drops them, and says so.
      const plain = models.find((option) => option.maxInputImages === 0 && !option.editsImage);
      if (plain) {
        await studio.fillForm({ prompt: "anything", model: plain.key });
        await expect
          .poll(() => page.locator('[role="status"][aria-live="polite"]').textContent())
          .toBe(format(en.studio.referencesRemovedAll, { model: plain.label }));
        await studio.fillForm({ prompt: "anything", model: model.key });
        await form.getByText(format(en.studio.referencesCount, { count: 0, max: model.maxInputImages })).waitFor();
      }
    },
  );
});
