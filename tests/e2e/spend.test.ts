import { describe, expect, it } from "vitest";
import { en } from "@/lib/shared/i18n/en";
import { useBrowserSession } from "./browser-session";
import { saveScreenshot } from "./screenshots";
import { StudioPage } from "./studio-page";

const session = useBrowserSession();

// The e2e stack gives each user a daily budget of $0.50 (tests/e2e/global-setup.ts).
describe("spend in the studio", () => {
  it("shows the cost of this generation and today's spend next to Generate", async () => {
    const { page } = await session.visit("/en");
    const studio = new StudioPage(page, en);
    await studio.waitUntilInteractive();
    const line = page.getByTestId("spend-line");
    await expect.poll(() => line.textContent()).toContain("today: $0.00 of $0.50");
    expect(await line.textContent()).toContain("This generation: $0.003");

    const task = await studio.generate({ prompt: "A paper boat on a puddle", model: "flux-schnell" });
    await studio.waitForStatus(task.id, "succeeded");
    await expect.poll(() => line.textContent()).toContain("today: $0.003 of $0.50");
  });

  it("says the budget is reached and when it resets instead of letting the click fail", async () => {
    const { page, api } = await session.visit("/en");
    const studio = new StudioPage(page, en);
    await studio.waitUntilInteractive();
    for (let i = 0; i < 5; i++) {
      const created = await api.post("/api/generate", { data: { model: "flux-dev", prompt: `spend ${i}`, num_outputs: 4 } });
      expect(created.status()).toBe(201);
    }
    const refused = await api.post("/api/generate", { data: { model: "flux-schnell", prompt: "one more" } });
    expect(refused.status()).toBe(429);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
      /^Today's budget of \$0\.50 is used up; it resets in (\d+ h|\d+ h \d+ min|\d+ min)\.$/,
    );

    await page.reload({ waitUntil: "load" });
    await studio.waitUntilInteractive();
    const notice = page.getByTestId("budget-reached");
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(
      /^This costs \$0\.003 and \$0\.00 of today's budget is left\. It resets in (\d+ h|\d+ h \d+ min|\d+ min)\.$/,
    );
    expect(await page.getByText(en.studio.budgetReachedTitle, { exact: true }).count()).toBe(1);
    expect(await page.getByRole("button", { name: en.studio.submit }).isDisabled()).toBe(true);
    expect(await page.getByTestId("spend-line").textContent()).toContain("today: $0.50 of $0.50");
    await saveScreenshot(page, "studio-budget-reached-en-desktop");
  });
});
