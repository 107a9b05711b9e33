import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { en } from "@/lib/shared/i18n/en";
import { useBrowserSession } from "./browser-session";
import { resetEmulator, switchFaults } from "./emulator-switch";
import { StudioPage } from "./studio-page";
import type { TaskView } from "@/lib/shared/task-view";

const session = useBrowserSession();

/** Counts the page's reads of one task: event streams and plain polls. */
function countTaskReads(page: Page) {
  const seen = { streams: 0, polls: 0, pollsAfterDrop: 0, dropped: false };
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (request.method() !== "GET" || !path.startsWith("/api/tasks/")) return;
    if (path.endsWith("/events")) seen.streams += 1;
    else if (/^\/api\/tasks\/[^/]+$/.test(path)) {
      seen.polls += 1;
      if (seen.dropped) seen.pollsAfterDrop += 1;
    }
  });
  return seen;
}

async function expectImageShown(studio: StudioPage, taskId: string): Promise<void> {
  await studio.waitForStatus(taskId, "succeeded");
  const image = studio.card(taskId).locator("img");
  await image.scrollIntoViewIfNeeded();
  await studio.page.waitForFunction((img) => img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0, await image.elementHandle());
  expect(await image.getAttribute("src")).toBe(`/api/images/${taskId}/0`);
}

describe("live results in the studio", () => {
  afterEach(resetEmulator);

  it("follows a running task through its event stream and shows the image without polling", async () => {
    await switchFaults({ delays: { startMs: 600, stepMs: 300 } });
    const { page } = await session.visit("/en");
    const reads = countTaskReads(page);
    const studio = new StudioPage(page, en);
    await studio.waitUntilInteractive();

    const task = await studio.generate({ prompt: "A red kite above a green hill", model: "flux-schnell" });
    await expectImageShown(studio, task.id);
    expect(reads.streams).toBeGreaterThanOrEqual(1);
    expect(reads.polls).toBe(0);
  });

  it("falls back to polling when the stream drops mid-task, and still shows the image", async () => {
    await switchFaults({ delays: { startMs: 600, stepMs: 400 } });
    const { page, api } = await session.visit("/en");
    const reads = countTaskReads(page);
    // The first stream delivers the task as it stands, then the connection ends mid-task; every later stream fails.
    await page.route("**/api/tasks/*/events", async (route) => {
      if (reads.dropped) return route.abort("connectionreset");
      const id = new URL(route.request().url()).pathname.split("/")[3]!;
      const current = (await (await api.get(`/api/tasks/${id}`)).json()) as { task: TaskView };
      expect(current.task.status).not.toBe("succeeded");
      reads.dropped = true;
      await route.fulfill({
        status: 200,
        headers: { "content-type": "text/event-stream", "cache-control": "no-store" },
        body: `retry: 100\n\nevent: task\ndata: ${JSON.stringify(current.task)}\n\n`,
      });
    });
    const studio = new StudioPage(page, en);
    await studio.waitUntilInteractive();

    const task = await studio.generate({ prompt: "A lighthouse keeper's window at dusk", model: "flux-schnell" });
    await expectImageShown(studio, task.id);
    expect(reads.dropped).toBe(true);
    expect(reads.streams).toBe(1);
    expect(reads.pollsAfterDrop).toBeGreaterThanOrEqual(1);
  });
});
