import { afterEach, describe, expect, it } from "vitest";
import { en } from "@/lib/shared/i18n/en";
import { useBrowserSession } from "./browser-session";
import { resetEmulator, switchFaults } from "./emulator-switch";
import { saveScreenshot } from "./screenshots";
import { StudioPage } from "./studio-page";

const session = useBrowserSession();

describe("provider failures in the studio", () => {
  afterEach(resetEmulator);

  it("tells the person to try again later when the image provider is down", async () => {
    // One 503 on the prediction create (seed 5 draws 503 rather than an ambiguous 502): a definite failure. Only this
    // model's creates match, so a task another test left queued cannot take the fault when a slot frees.
    await switchFaults({ rate5xx: 1, seed: 5, match: "black-forest-labs/flux-2-dev/predictions", method: "POST", limit: 1 });
    const { page } = await session.visit("/en");
    const studio = new StudioPage(page, en);
    await studio.waitUntilInteractive();

    const task = await studio.generate({ prompt: "A harbour at night, lanterns on the water", model: "flux-2-dev" });
    await studio.waitForStatus(task.id, "failed");
    const card = studio.card(task.id);
    await card.getByText(en.errors.providerDown.title, { exact: true }).waitFor();
    expect(await card.getByText(en.errors.providerDown.advice, { exact: false }).count()).toBe(1);
    expect(await card.locator("img").count()).toBe(0);
    await saveScreenshot(page, "studio-provider-down-en-desktop");
  });

  it("tells the person to rephrase when the image model's safety filter refuses", async () => {
    const { page, api } = await session.visit("/en");
    const studio = new StudioPage(page, en);
    await studio.waitUntilInteractive();

    // The emulator fails any FLUX prompt carrying this marker with cog-flux's NSFW error.
    const task = await studio.generate({ prompt: "[nsfw] a prompt the filter refuses", model: "flux-dev" });
    await studio.waitForStatus(task.id, "failed");
    const card = studio.card(task.id);
    await card.getByText(en.errors.safety.title, { exact: true }).waitFor();
    expect(await card.getByText(en.errors.safety.advice, { exact: false }).count()).toBe(1);
    const stored = (await (await api.get(`/api/tasks/${task.id}`)).json()) as { task: { error: { code: string } | null } };
    expect(stored.task.error?.code).toBe("safety_blocked");
    await saveScreenshot(page, "studio-safety-en-desktop");
  });
});
