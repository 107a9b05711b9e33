import { describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import type { RunView } from "@/components/api-client/run-types";
import { exactUsd } from "@/components/runs/run-figures";
import { en } from "@/lib/shared/i18n/en";
import { modelLabel } from "@/lib/shared/models/catalogue";
import { format } from "@/lib/shared/i18n/format";
import type { TaskView } from "@/lib/shared/task-view";
import { useBrowserSession } from "./browser-session";
import { saveScreenshot } from "./screenshots";
import { StudioPage } from "./studio-page";

const session = useBrowserSession();
const runs = en.runs;

async function chooseMode(page: Page, mode: "single" | "compare" | "prompts"): Promise<void> {
  const input = page.locator(`input[type="radio"][name="mode"][value="${mode}"]`);
  await page.locator("label", { has: input }).click();
  expect(await input.isChecked()).toBe(true);
}

/** Presses the composer's button and returns the run POST /api/runs created. */
async function startRun(page: Page, buttonName: string): Promise<RunView> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === "/api/runs" && r.request().method() === "POST"),
    page.getByRole("button", { name: buttonName, exact: true }).click(),
  ]);
  if (response.status() !== 201) throw new Error(`POST /api/runs answered ${response.status()}: ${await response.text()}`);
  return ((await response.json()) as { run: RunView }).run;
}

const figure = (item: Locator, term: string) => item.locator("dt", { hasText: term }).locator("xpath=following-sibling::dd");

describe("runs in the studio", () => {
  it("compares three models on one prompt, then puts the chosen model in the composer", async () => {
    const { page, api } = await session.visit("/en");
    const studio = new StudioPage(page, en);
    await studio.waitUntilInteractive();

    await chooseMode(page, "compare");
    await studio.promptBox.fill("A red bicycle leaning on a blue wall, morning light");
    const models = ["flux-schnell", "flux-dev", "flux-2-klein-4b"];
    for (const key of models) {
      const box = page.locator(`input[type="checkbox"][name="compare-model"][value="${key}"]`);
      await page.locator("label", { has: box }).click();
      expect(await box.isChecked()).toBe(true);
    }
    const run = await startRun(page, format(runs.submitCompare, { count: 3 }));
    expect(run.tasks.map((task) => task.model).sort()).toEqual([...models].sort());
    expect(run.tasks.every((task) => task.run_id === run.id)).toBe(true);

    const grid = page.getByRole("region", { name: runs.gridHeading });
    await grid.waitFor();
    for (const task of run.tasks) await studio.waitForStatus(task.id, "succeeded");

    const stored = (await (await api.get(`/api/runs/${run.id}`)).json()) as { run: RunView };
    for (const task of stored.run.tasks) {
      const item = studio.card(task.id);
      // Inside the comparison, not in the history below it.
      expect(await grid.locator(`li#task-${task.id}`).count()).toBe(1);
      expect(task.cost_usd).not.toBeNull();
      await expect.poll(() => figure(item, runs.price).textContent()).toBe(exactUsd(task.cost_usd!, "en"));
      expect(await figure(item, runs.timeToDone).textContent()).toMatch(/^\d+\.\d s$/);
      expect(await item.getByRole("link", { name: en.tasks.download }).count()).toBe(1);
      expect(await item.getByRole("link", { name: en.tasks.share }).count()).toBe(1);
      expect(await item.getByRole("button", { name: en.tasks.edit }).count()).toBe(1);
    }
    await saveScreenshot(page, "compare-grid-en-desktop");
    await page.setViewportSize({ width: 390, height: 844 });
    await grid.scrollIntoViewIfNeeded();
    await saveScreenshot(page, "compare-grid-en-390");
    await page.setViewportSize({ width: 1280, height: 800 });

    // The run's public page, for anyone: the three results and a preview card with the first finished image.
    const stranger = await session.visit(`/en/r/${run.id}`);
    await stranger.page.getByRole("heading", { level: 1, name: format(runs.runHeading, { count: 3 }) }).waitFor();
    expect(await stranger.page.locator("main li img").count()).toBe(3);
    const ogImage = await stranger.page.locator('meta[property="og:image"]').getAttribute("content");
    expect(ogImage).toMatch(new RegExp(`/api/images/${stored.run.tasks[0]!.id}/0$`));
    expect(await stranger.page.locator('meta[property="og:title"]').getAttribute("content")).toBe(format(runs.runHeading, { count: 3 }));
    await saveScreenshot(stranger.page, "run-page-en-desktop");

    const pick = run.tasks.find((task) => task.model === "flux-dev")!;
    await studio
      .card(pick.id)
      .getByRole("button", { name: `${runs.useModel}: ${modelLabel("flux-dev")}` })
      .click();
    const single = page.locator('input[type="radio"][name="mode"][value="single"]');
    await expect.poll(() => single.isChecked()).toBe(true);
    await expect.poll(() => page.locator('input[type="radio"][name="model"][value="flux-dev"]').isChecked()).toBe(true);
    expect(await page.getByRole("button", { name: en.studio.submit, exact: true }).count()).toBe(1);
  });

  it("makes one task per pasted prompt line", async () => {
    const { page } = await session.visit("/en");
    const studio = new StudioPage(page, en);
    await studio.waitUntilInteractive();

    await chooseMode(page, "prompts");
    const prompts = ["A lighthouse in a storm", "A teapot shaped like a whale", "A paper boat on a puddle"];
    await page.getByLabel(runs.promptsLabel, { exact: true }).fill(`${prompts.join("\n")}\n\n`);
    const run = await startRun(page, format(runs.submitPrompts, { count: 3 }));
    expect(run.tasks.map((task) => task.prompt).sort()).toEqual([...prompts].sort());
    for (const task of run.tasks) {
      await studio.card(task.id).getByText(task.prompt, { exact: true }).waitFor();
      await studio.waitForStatus(task.id, "succeeded");
    }
  });

  it("stars a task, finds it by a word of its prompt with the word highlighted, and filters by starred", async () => {
    const { page, api } = await session.visit("/en");
    const studio = new StudioPage(page, en);
    await studio.waitUntilInteractive();

    const word = `quokka${Date.now().toString(36)}`;
    const kept = await studio.generate({ prompt: `A ${word} smiling on a sunny beach`, model: "flux-schnell" });
    await studio.waitForStatus(kept.id, "succeeded");
    const other = await studio.generate({ prompt: "A quiet forest path in autumn", model: "flux-schnell" });
    await studio.waitForStatus(other.id, "succeeded");

    const star = studio.card(kept.id).getByRole("button", { name: runs.star });
    expect(await star.getAttribute("aria-pressed")).toBe("false");
    await star.click();
    await expect.poll(() => star.getAttribute("aria-pressed")).toBe("true");
    const stored = (await (await api.get(`/api/tasks/${kept.id}`)).json()) as { task: TaskView };
    expect(stored.task.starred).toBe(true);

    await page.getByRole("button", { name: runs.searchToggle }).click();
    await page.getByRole("searchbox", { name: runs.searchLabel }).fill(word);
    await page.getByRole("button", { name: runs.search, exact: true }).click();
    const mark = studio.card(kept.id).locator("mark");
    await mark.waitFor();
    expect((await mark.textContent())?.toLowerCase()).toBe(word);
    await studio.card(other.id).waitFor({ state: "detached" });
    await saveScreenshot(page, "search-highlight-en-desktop");

    await page.getByRole("searchbox", { name: runs.searchLabel }).fill("");
    await studio.card(other.id).waitFor();
    await page.getByLabel(runs.filterStarred).check();
    await studio.card(other.id).waitFor({ state: "detached" });
    await studio.card(kept.id).waitFor();
    expect(await studio.card(kept.id).locator("mark").count()).toBe(0);
  });
});
