import { describe, expect, it } from "vitest";
import sharp from "sharp";
import { en } from "@/lib/shared/i18n/en";
import { useBrowserSession } from "./browser-session";
import { saveScreenshot } from "./screenshots";
import { StudioPage } from "./studio-page";
import type { TaskView } from "@/lib/shared/task-view";

const session = useBrowserSession();

async function metaContent(page: import("playwright-core").Page, selector: string): Promise<string | null> {
  return page.locator(`head meta[${selector}]`).first().getAttribute("content");
}

describe("editing an image and sharing the result", () => {
  it("uploads an image, edits it, edits the edit, compares before and after, and shares it", async () => {
    const { page, api } = await session.visit("/en");
    const studio = new StudioPage(page, en);
    await studio.waitUntilInteractive();

    // Pick FLUX Kontext: the composer asks for the image to edit.
    await page.locator("label", { has: page.locator('input[name="model"][value="flux-kontext-pro"]') }).click();
    const photo = await sharp({ create: { width: 480, height: 640, channels: 3, background: { r: 200, g: 120, b: 40 } } })
      .composite([{ input: Buffer.from('<svg width="480" height="640"><circle cx="240" cy="320" r="150" fill="#2a6"/></svg>') }])
      .png()
      .toBuffer();
    const [uploaded] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === "/api/uploads"),
      page.locator("#input-image-file").setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: photo }),
    ]);
    expect(uploaded.status()).toBe(201);
    await page.getByRole("img", { name: en.studio.inputImageAlt }).waitFor();

    const edit = await studio.generate({ prompt: "Turn the circle into a full moon at night" });
    expect(edit).toMatchObject({ model: "flux-kontext-pro", aspect_ratio: "match_input_image" });
    await studio.waitForStatus(edit.id, "succeeded");
    const slider = studio.card(edit.id).getByTestId("compare-slider");
    await slider.waitFor();
    const range = slider.getByRole("slider", { name: en.tasks.compareLabel });
    await range.focus();
    for (let step = 0; step < 20; step++) await page.keyboard.press("ArrowRight");
    expect(Number(await range.inputValue())).toBe(70);
    const split = await slider.evaluate((element) => getComputedStyle(element).getPropertyValue("--split").trim());
    expect(split).toBe("70%");
    await saveScreenshot(page, "edit-compare-slider");

    // Edit the edit: "Edit this image" fills the composer with it.
    await studio.card(edit.id).getByRole("button", { name: en.tasks.edit }).click();
    await page.getByRole("img", { name: en.studio.inputImageAlt }).waitFor();
    const again = await studio.generate({ prompt: "Add falling snow" });
    expect(again.parent_id).toBe(edit.id);
    await studio.waitForStatus(again.id, "succeeded");
    const done = ((await (await api.get(`/api/tasks/${again.id}`)).json()) as { task: TaskView }).task;
    expect(done.input_image?.ref).toBe(`task:${edit.id}/0`);
    const image = studio.card(again.id).locator("img").first();
    await page.waitForFunction((img) => img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0, await image.elementHandle());
    const ratio = await image.evaluate((img: HTMLImageElement) => img.naturalWidth / img.naturalHeight);
    expect(ratio).toBeCloseTo(480 / 640, 1);

    // The share page of the public result, as its owner and as someone else.
    await studio.card(again.id).getByRole("link", { name: en.tasks.share }).click();
    await page.waitForURL(`**/en/t/${again.id}`);
    await page.getByRole("heading", { name: "Add falling snow" }).waitFor();
    await page.getByTestId("compare-slider").waitFor();
    // The edit kept its image's shape: named as the studio names it, not by the provider's value.
    await page.locator("dd", { hasText: en.studio.matchInputImage }).waitFor();
    expect(await page.locator("dd", { hasText: "match_input_image" }).count()).toBe(0);
    await saveScreenshot(page, "share-page-owner");

    const stranger = await session.visit(`/en/t/${again.id}`);
    const ogImage = await metaContent(stranger.page, 'property="og:image"');
    expect(ogImage).toMatch(new RegExp(`^https?://[^/]+/api/images/${again.id}/0$`));
    expect(await metaContent(stranger.page, 'name="twitter:card"')).toBe("summary_large_image");
    expect(await metaContent(stranger.page, 'name="twitter:image"')).toBe(ogImage);
    expect(await metaContent(stranger.page, 'property="og:title"')).toBe("Add falling snow");
    const preview = await stranger.api.get(new URL(ogImage!).pathname);
    expect(preview.status()).toBe(200);
    expect(preview.headers()["content-type"]).toMatch(/^image\//);
    await stranger.page.getByRole("link", { name: en.share.remix }).waitFor();
    await saveScreenshot(stranger.page, "share-page-visitor");
  });

  it("offers each image of a task with several to edit, and edits the one chosen", async () => {
    const { page, api } = await session.visit("/en");
    const studio = new StudioPage(page, en);
    await studio.waitUntilInteractive();
    const created = await api.post("/api/generate", {
      data: { model: "flux-schnell", prompt: "Two paper boats on a pond", num_outputs: 2, is_private: true },
    });
    expect(created.status()).toBe(201);
    const task = ((await created.json()) as { task: TaskView }).task;
    await page.reload();
    await studio.waitUntilInteractive();
    await studio.waitForStatus(task.id, "succeeded");

    const card = studio.card(task.id);
    expect(await card.getByRole("button", { name: en.tasks.edit, exact: true }).count()).toBe(0);
    await card.getByRole("button", { name: en.tasks.editNumbered.replace("{index}", "2") }).click();
    await page.getByRole("img", { name: en.studio.inputImageAlt }).waitFor();
    const edit = await studio.generate({ prompt: "Make the second boat red", isPrivate: true });
    expect(edit.parent_id).toBe(task.id);
    expect(edit.input_image?.ref).toBe(`task:${task.id}/1`);
    // Let the edit finish, so its card's event stream ends on its own rather than being cut by the closing page.
    await studio.waitForStatus(edit.id, "succeeded");
  });

  it("hides a private task's share page from everyone but its owner", async () => {
    const { page, api } = await session.visit("/en");
    await api.get("/api/me");
    const created = await api.post("/api/generate", {
      data: { model: "flux-schnell", prompt: "A private sketch of a teapot", is_private: true },
    });
    expect(created.status()).toBe(201);
    const task = ((await created.json()) as { task: TaskView }).task;
    await expect
      .poll(async () => ((await (await api.get(`/api/tasks/${task.id}`)).json()) as { task: TaskView }).task.status, {
        timeout: 60_000,
        interval: 500,
      })
      .toBe("succeeded");

    const own = await page.goto(`/en/t/${task.id}`);
    expect(own?.status()).toBe(200);
    expect(await page.locator('head meta[property="og:image"]').count()).toBe(0);

    const stranger = await session.visit("/en");
    stranger.console.expectFailedResponse({ path: `/en/t/${task.id}`, status: 404 });
    const hidden = await stranger.page.goto(`/en/t/${task.id}`);
    expect(hidden?.status()).toBe(404);
    expect(await stranger.page.content()).not.toContain("teapot");
  });
});
