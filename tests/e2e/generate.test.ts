import { afterEach, describe, expect, it } from "vitest";
import { en } from "@/lib/shared/i18n/en";
import { useBrowserSession } from "./browser-session";
import { resetEmulator, switchFaults } from "./emulator-switch";
import { progressSeen, recordProgressBars } from "./progress-recorder";
import { saveScreenshot } from "./screenshots";
import { StudioPage } from "./studio-page";
import type { TaskView } from "@/lib/shared/task-view";

const session = useBrowserSession();

describe("generating in the studio", () => {
  afterEach(resetEmulator);

  it("shows the progress bar moving, then the image in its true aspect ratio", async () => {
    const { page, api } = await session.visit("/en");
    const studio = new StudioPage(page, en);
    await studio.waitUntilInteractive();
    await recordProgressBars(page);

    const task = await studio.generate({ prompt: "A lighthouse on a cliff at dawn, mist over the sea", model: "flux-dev", aspectRatio: "16:9" });
    expect(task).toMatchObject({ model: "flux-dev", aspect_ratio: "16:9", locale: "en", is_private: false });
    await studio.waitForStatus(task.id, "succeeded");

    const seen = await progressSeen(page, task.id);
    expect(
      seen.some((value) => value > 0 && value < 100),
      `progress values seen: ${seen.join(", ")}`,
    ).toBe(true);
    expect(new Set(seen).size).toBeGreaterThanOrEqual(2);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));

    const image = studio.card(task.id).locator("img");
    await image.scrollIntoViewIfNeeded();
    await page.waitForFunction((img) => img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0, await image.elementHandle());
    const size = await image.evaluate((img: HTMLImageElement) => ({
      natural: img.naturalWidth / img.naturalHeight,
      shown: img.getBoundingClientRect().width / img.getBoundingClientRect().height,
    }));
    // The emulator rounds sizes to multiples of 16 (16:9 → 1344×768), as the real models do.
    expect(Math.abs(size.natural / (16 / 9) - 1)).toBeLessThan(0.03);
    expect(Math.abs(size.shown / size.natural - 1)).toBeLessThan(0.03);

    expect(await studio.card(task.id).getByRole("link", { name: en.tasks.download }).count()).toBe(1);
    const stored = (await (await api.get(`/api/tasks/${task.id}`)).json()) as { task: TaskView };
    expect(stored.task).toMatchObject({ status: "succeeded", progress: 100 });
    expect(stored.task.images).toHaveLength(1);
    await saveScreenshot(page, "studio-finished-en-desktop");
  });

  it("picks a running task up again after a reload, and cancels it", async () => {
    // Slow steps (28 × 0.4 s) leave plenty of time to reload and click while the prediction runs.
    await switchFaults({ delays: { stepMs: 400 } });
    const { page, api } = await session.visit("/en");
    const studio = new StudioPage(page, en);
    await studio.waitUntilInteractive();

    const task = await studio.generate({ prompt: "A slow sunset over a quiet harbour", model: "flux-dev" });
    await studio.waitForStatus(task.id, "processing");
    await page.reload({ waitUntil: "load" });
    await studio.waitUntilInteractive();
    await studio.waitForStatus(task.id, "processing");
    await page.waitForFunction((id) => {
      const value = document.querySelector(`li#task-${id} [role="progressbar"]`)?.getAttribute("aria-valuenow");
      return value !== null && value !== undefined && Number(value) > 0;
    }, task.id);

    await studio.card(task.id).getByRole("button", { name: en.tasks.cancel }).click();
    await studio.waitForStatus(task.id, "canceled");

    expect(await studio.card(task.id).getByRole("button", { name: en.tasks.cancel }).count()).toBe(0);
    expect(await studio.card(task.id).locator("img").count()).toBe(0);
    const stored = (await (await api.get(`/api/tasks/${task.id}`)).json()) as { task: TaskView };
    expect(stored.task.status).toBe("canceled");
  });
});
