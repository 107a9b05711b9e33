import type { APIRequestContext, Page } from "playwright-core";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { en } from "@/lib/shared/i18n/en";
import { outpaintSize } from "@/lib/shared/models/outpaint";
import type { TaskView } from "@/lib/shared/task-view";
import { useBrowserSession } from "./browser-session";
import { saveScreenshot } from "./screenshots";
import { StudioPage } from "./studio-page";

const session = useBrowserSession();
const strings = en.imageTools;

async function readTask(api: APIRequestContext, id: string): Promise<TaskView> {
  return ((await (await api.get(`/api/tasks/${id}`)).json()) as { task: TaskView }).task;
}

/** A public flux-schnell result, made through the API, shown in a freshly loaded studio. */
async function resultInStudio(page: Page, api: APIRequestContext, prompt: string): Promise<{ studio: StudioPage; task: TaskView }> {
  const studio = new StudioPage(page, en);
  await studio.waitUntilInteractive();
  const created = await api.post("/api/generate", { data: { model: "flux-schnell", prompt, aspect_ratio: "4:3" } });
  expect(created.status()).toBe(201);
  const { task } = (await created.json()) as { task: TaskView };
  await page.reload();
  await studio.waitUntilInteractive();
  await studio.waitForStatus(task.id, "succeeded");
  return { studio, task: await readTask(api, task.id) };
}

/** The PNG the editor uploaded as the task's mask (read back as its owner): its size, its values, how much is white. */
async function maskOf(api: APIRequestContext, task: TaskView): Promise<{ width: number; height: number; values: Set<number>; white: number }> {
  if (!task.mask) throw new Error("the task has no mask");
  const response = await api.get(task.mask.url);
  expect(response.status()).toBe(200);
  const bytes = await response.body();
  expect(bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  const values = new Set<number>();
  let white = 0;
  for (let offset = 0; offset < data.length; offset += info.channels) {
    values.add(data[offset]!);
    if (data[offset] === 255) white++;
  }
  return { width: info.width, height: info.height, values, white };
}

/** Presses the editor's submit button; returns the task it created (after its mask was uploaded). */
async function submitEditor(page: Page, label: string): Promise<TaskView> {
  const [upload, generated] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === "/api/uploads" && r.request().method() === "POST"),
    page.waitForResponse((r) => new URL(r.url()).pathname === "/api/generate" && r.request().method() === "POST"),
    page.getByRole("dialog").getByRole("button", { name: label, exact: true }).click(),
  ]);
  expect(upload.status()).toBe(201);
  expect(generated.status(), await generated.text()).toBe(201);
  return ((await generated.json()) as { task: TaskView }).task;
}

describe("erase or replace, expand, upscale", () => {
  it("paints a mask with the mouse, replaces it with a red balloon, expands the result and upscales it", async () => {
    const { page, api } = await session.visit("/en");
    const { studio, task: source } = await resultInStudio(page, api, "A quiet beach at noon");
    const sourceImage = source.images[0]!;
    expect(sourceImage.width).toBeGreaterThan(0);

    await studio.card(source.id).getByRole("button", { name: strings.erase }).click();
    const dialog = page.getByRole("dialog", { name: strings.editorTitle });
    const canvas = dialog.getByTestId("mask-canvas");
    await canvas.waitFor();
    const box = (await canvas.boundingBox())!;
    // A diagonal stroke across the middle, pressed, moved and released as a mouse does.
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.4);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.6, { steps: 12 });
    await page.mouse.up();
    await expect.poll(() => dialog.getByRole("button", { name: strings.undo }).isEnabled()).toBe(true);
    await dialog.getByLabel(strings.promptLabel).fill("a red balloon");
    await saveScreenshot(page, "mask-editor-desktop", { fullPage: false });

    const fill = await submitEditor(page, strings.submitReplace);
    expect(await page.getByRole("dialog").count()).toBe(0);
    const pixels = await maskOf(api, fill);
    expect({ width: pixels.width, height: pixels.height }).toEqual({ width: sourceImage.width, height: sourceImage.height });
    expect([...pixels.values].sort((a, b) => a - b)).toEqual([0, 255]);
    expect(pixels.white).toBeGreaterThan(100);
    expect(pixels.white).toBeLessThan(pixels.width * pixels.height * 0.5);
    expect(fill).toMatchObject({ prompt: "a red balloon", parent_id: source.id, input_image: { ref: `task:${source.id}/0` } });
    expect(fill.mask?.ref).toMatch(/^upl_/);

    await studio.waitForStatus(fill.id, "succeeded");
    await studio.card(fill.id).getByTestId("compare-slider").waitFor();
    const filled = await readTask(api, fill.id);
    expect({ width: filled.images[0]!.width, height: filled.images[0]!.height }).toEqual({ width: sourceImage.width, height: sourceImage.height });
    await saveScreenshot(page, "fill-before-after");

    // Expand the repainted image to a square: the preview names the new frame and its price before anything is sent.
    await studio.card(fill.id).getByRole("button", { name: strings.expand }).click();
    const square = studio.card(fill.id).locator('button[data-preset="Make square"]');
    const frame = outpaintSize("Make square", { width: sourceImage.width!, height: sourceImage.height! });
    expect(await square.getAttribute("aria-label")).toContain(`${frame.width} × ${frame.height}`);
    await saveScreenshot(page, "expand-presets");
    const [expandResponse] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === "/api/generate" && r.request().method() === "POST"),
      square.click(),
    ]);
    expect(expandResponse.status(), await expandResponse.text()).toBe(201);
    const expand = ((await expandResponse.json()) as { task: TaskView }).task;
    expect(expand.parent_id).toBe(fill.id);
    expect(expand.settings.outpaint ?? (expandResponse.request().postDataJSON() as { outpaint: string }).outpaint).toBe("Make square");
    await studio.waitForStatus(expand.id, "succeeded");
    const expanded = await readTask(api, expand.id);
    expect({ width: expanded.images[0]!.width, height: expanded.images[0]!.height }).toEqual(frame);
    await studio.card(expand.id).getByTestId("compare-slider").waitFor();

    // Upscale the expanded image 2×: the card reads the new pixel size.
    const upscaleButton = studio.card(expand.id).getByRole("button", { name: new RegExp(`^${strings.upscale.replace("{factor}", "2")}`) });
    const [upscaleResponse] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === "/api/generate" && r.request().method() === "POST"),
      upscaleButton.click(),
    ]);
    expect(upscaleResponse.status(), await upscaleResponse.text()).toBe(201);
    const upscale = ((await upscaleResponse.json()) as { task: TaskView }).task;
    expect(upscale.parent_id).toBe(expand.id);
    await studio.waitForStatus(upscale.id, "succeeded");
    const size = `${frame.width * 2} × ${frame.height * 2} px`;
    await studio.card(upscale.id).getByTestId("pixel-size").getByText(size).waitFor();
    await studio.card(upscale.id).getByText(strings.actionUpscaled.replace("{factor}", "2")).waitFor();
    // The composer offers no upscaler, so its settings are not offered to it; the first image's still are.
    expect(await studio.card(upscale.id).getByRole("button", { name: en.tasks.useSettings }).count()).toBe(0);
    expect(await studio.card(source.id).getByRole("button", { name: en.tasks.useSettings }).count()).toBe(1);
    await saveScreenshot(page, "upscaled-card");

    // The share page of the upscale shows the whole chain, oldest first.
    await page.goto(`/en/t/${upscale.id}`);
    const chain = page.getByTestId("lineage-chain");
    await chain.waitFor();
    const links = await chain.getByRole("link").evaluateAll((anchors) => anchors.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    expect(links).toEqual([`/en/t/${source.id}`, `/en/t/${fill.id}`, `/en/t/${expand.id}`]);
    await page.goto(`/en/t/${fill.id}`);
    const children = await page
      .getByTestId("lineage-children")
      .getByRole("link")
      .evaluateAll((anchors) => anchors.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    expect(children).toEqual([`/en/t/${expand.id}`]);
    await saveScreenshot(page, "share-lineage");
  });

  it("paints with a finger on a 390 px phone and shows the before and after", async () => {
    const { page, api } = await session.visit("/en", { viewport: "phone390", touch: true });
    const { studio, task: source } = await resultInStudio(page, api, "A red kite over green hills");
    await studio.card(source.id).getByRole("button", { name: strings.erase }).click();
    const dialog = page.getByRole("dialog", { name: strings.editorTitle });
    const canvas = dialog.getByTestId("mask-canvas");
    await canvas.waitFor();
    expect(await canvas.evaluate((element) => getComputedStyle(element).touchAction)).toBe("none");
    const box = (await canvas.boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(390);
    // The editor fits the phone: no control is pushed off the side of the screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    // One finger drags across the image: touch events, as a phone's screen sends them.
    const cdp = await page.context().newCDPSession(page);
    const at = (fx: number, fy: number) => [{ x: box.x + box.width * fx, y: box.y + box.height * fy }];
    await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: at(0.2, 0.5) });
    for (let step = 1; step <= 10; step++) await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: at(0.2 + step * 0.05, 0.5) });
    await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
    await expect.poll(() => dialog.getByRole("button", { name: strings.undo }).isEnabled()).toBe(true);
    await dialog.getByLabel(strings.promptLabel).fill("a red balloon");
    await saveScreenshot(page, "mask-editor-phone", { fullPage: false });

    const fill = await submitEditor(page, strings.submitReplace);
    const pixels = await maskOf(api, fill);
    expect({ width: pixels.width, height: pixels.height }).toEqual({ width: source.images[0]!.width, height: source.images[0]!.height });
    expect(pixels.white).toBeGreaterThan(100);
    expect(fill.parent_id).toBe(source.id);
    await studio.waitForStatus(fill.id, "succeeded");
    await studio.card(fill.id).getByTestId("compare-slider").waitFor();
    await saveScreenshot(page, "fill-phone");
  });

  it("erases part of an uploaded photo with no prompt, filling it from its surroundings", async () => {
    const { page, api } = await session.visit("/en");
    const studio = new StudioPage(page, en);
    await studio.waitUntilInteractive();
    // An upload is offered for erasing where the studio shows it: the image field of the edit model.
    await page.locator("label", { has: page.locator('input[name="model"][value="flux-kontext-pro"]') }).click();
    const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 40, g: 90, b: 160 } } })
      .composite([{ input: Buffer.from('<svg width="640" height="480"><rect x="280" y="180" width="80" height="120" fill="#d33"/></svg>') }])
      .png()
      .toBuffer();
    const [uploaded] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === "/api/uploads"),
      page.locator("#input-image-file").setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: photo }),
    ]);
    const upload = ((await uploaded.json()) as { upload: { id: string } }).upload;
    await page.getByRole("img", { name: en.studio.inputImageAlt }).waitFor();
    await page.getByRole("button", { name: strings.erase }).click();

    const dialog = page.getByRole("dialog", { name: strings.editorTitle });
    const canvas = dialog.getByTestId("mask-canvas");
    await canvas.waitFor();
    // Nothing painted yet: there is nothing to send.
    expect(await dialog.getByRole("button", { name: strings.submitErase, exact: true }).isDisabled()).toBe(true);
    const box = (await canvas.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const erase = await submitEditor(page, strings.submitErase);
    expect(erase).toMatchObject({ prompt: "", parent_id: null, input_image: { ref: upload.id } });
    const pixels = await maskOf(api, erase);
    expect({ width: pixels.width, height: pixels.height }).toEqual({ width: 640, height: 480 });
    await studio.waitForStatus(erase.id, "succeeded");
    await studio.card(erase.id).getByText(strings.actionErased).waitFor();
    await studio.card(erase.id).getByTestId("compare-slider").waitFor();
  });
});
