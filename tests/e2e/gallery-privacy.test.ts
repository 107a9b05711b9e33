import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { en } from "@/lib/shared/i18n/en";
import { useBrowserSession } from "./browser-session";
import { StudioPage } from "./studio-page";
import type { TaskPage } from "@/lib/shared/task-view";

const session = useBrowserSession();

describe("the public gallery", () => {
  it("shows another visitor the public image but never the private one", async () => {
    const tag = randomBytes(4).toString("hex");
    const publicPrompt = `A public paper boat on a pond ${tag}`;
    const privatePrompt = `A private diary on a desk ${tag}`;

    const owner = await session.visit("/en");
    const studio = new StudioPage(owner.page, en);
    await studio.waitUntilInteractive();
    const privateTask = await studio.generate({ prompt: privatePrompt, model: "flux-schnell", isPrivate: true });
    const publicTask = await studio.generate({ prompt: publicPrompt, model: "flux-schnell", isPrivate: false });
    expect(privateTask.is_private).toBe(true);
    expect(publicTask.is_private).toBe(false);
    await studio.waitForStatus(privateTask.id, "succeeded");
    await studio.waitForStatus(publicTask.id, "succeeded");

    // A second browser context is another person with another session.
    const stranger = await session.visit("/en/gallery");
    // The first page is in the server's HTML (its first image found before any script runs), with the API's visibility.
    const html = await (await stranger.api.get("/en/gallery")).text();
    expect(html).toContain(`src="/api/images/${publicTask.id}/0"`);
    expect(html).toMatch(/<img[^>]*fetchPriority="high"/i);
    expect(html).not.toContain(privateTask.id);
    expect(html).not.toContain(privatePrompt);
    const publicImage = stranger.page.getByRole("img", { name: publicPrompt });
    await publicImage.waitFor();
    await stranger.page.waitForFunction(
      (img) => img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0,
      await publicImage.elementHandle(),
    );
    // Sized in the markup, so nothing moves when it arrives.
    expect(Number(await publicImage.getAttribute("width"))).toBeGreaterThan(0);
    expect(Number(await publicImage.getAttribute("height"))).toBeGreaterThan(0);
    expect(await stranger.page.getByText(privatePrompt, { exact: false }).count()).toBe(0);
    expect(await stranger.page.getByText(tag, { exact: false }).count()).toBeGreaterThan(0);

    const gallery = (await (await stranger.api.get("/api/gallery?limit=50")).json()) as TaskPage;
    const ids = gallery.tasks.map((task) => task.id);
    expect(ids).toContain(publicTask.id);
    expect(ids).not.toContain(privateTask.id);
    expect((await stranger.api.get(`/api/tasks/${privateTask.id}`)).status()).toBe(404);
    expect((await stranger.api.get(`/api/images/${privateTask.id}/0`)).status()).toBe(404);

    // The owner still has it in their own history, and the stranger's studio does not list it.
    const mine = (await (await owner.api.get("/api/tasks?limit=50")).json()) as TaskPage;
    expect(mine.tasks.map((task) => task.id)).toEqual(expect.arrayContaining([privateTask.id, publicTask.id]));
    const theirs = (await (await stranger.api.get("/api/tasks?limit=50")).json()) as TaskPage;
    expect(theirs.tasks.map((task) => task.id)).not.toContain(privateTask.id);
  });
});
