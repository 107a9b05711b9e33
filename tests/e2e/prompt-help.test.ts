import { describe, expect, it } from "vitest";
import { en } from "@/lib/shared/i18n/en";
import { useBrowserSession } from "./browser-session";
import { saveScreenshot } from "./screenshots";
import { StudioPage } from "./studio-page";

const session = useBrowserSession();

describe("improving a prompt", () => {
  it("shows a suggestion that the person can edit and accept into the prompt box", async () => {
    const { page } = await session.visit("/en");
    const studio = new StudioPage(page, en);
    await studio.waitUntilInteractive();
    await studio.promptBox.fill("a red fox in snow");

    await page.getByRole("button", { name: en.studio.improve }).click();
    const suggestion = page.getByRole("textbox", { name: en.studio.suggestionLabel, exact: true });
    await suggestion.waitFor();
    const suggested = await suggestion.inputValue();
    expect(suggested).not.toBe("a red fox in snow");
    expect(suggested.toLowerCase()).toContain("red fox");
    expect(await page.getByText(en.studio.suggestedBy.replace("{model}", ""), { exact: false }).count()).toBe(1);
    await saveScreenshot(page, "studio-suggestion-en-desktop");

    const edited = `${suggested}, watercolour`;
    await suggestion.fill(edited);
    await page.getByRole("button", { name: en.studio.useSuggestion }).click();
    await suggestion.waitFor({ state: "detached" });
    expect(await studio.promptBox.inputValue()).toBe(edited);
  });

  it("says to rephrase when Gemini's safety filter blocks the prompt", async () => {
    const visitor = await session.visit("/en");
    const studio = new StudioPage(visitor.page, en);
    await studio.waitUntilInteractive();
    // The emulator blocks any prompt carrying this marker; the app answers 422 safety_blocked.
    visitor.console.expectFailedResponse({ path: "/api/prompt", status: 422 });
    await studio.promptBox.fill("[unsafe] a prompt the filter refuses");

    await visitor.page.getByRole("button", { name: en.studio.improve }).click();
    await visitor.page.getByText(en.errors.safety.title, { exact: true }).waitFor();
    expect(await visitor.page.getByText(en.errors.safety.advice, { exact: false }).count()).toBe(1);
    expect(await visitor.page.getByRole("textbox", { name: en.studio.suggestionLabel, exact: true }).count()).toBe(0);
    // The person's own text stays, ready to rephrase.
    expect(await studio.promptBox.inputValue()).toBe("[unsafe] a prompt the filter refuses");
  });
});
