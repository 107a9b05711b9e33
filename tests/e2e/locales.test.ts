import { describe, expect, it } from "vitest";
import { en, type Dictionary } from "@/lib/shared/i18n/en";
import { zh } from "@/lib/shared/i18n/zh";
import { VIEWPORTS } from "./browser";
import { useBrowserSession } from "./browser-session";
import { saveScreenshot } from "./screenshots";
import { StudioPage } from "./studio-page";
import { foreignPhrases, phrasesIn } from "./untranslated";
import type { TaskPage } from "@/lib/shared/task-view";

const session = useBrowserSession();

const LOCALES: { locale: "en" | "zh"; strings: Dictionary; other: Dictionary; prompt: string }[] = [
  { locale: "en", strings: en, other: zh, prompt: "A lighthouse on a cliff at dawn, mist rolling over the sea" },
  { locale: "zh", strings: zh, other: en, prompt: "黎明时分悬崖上的灯塔，海面薄雾翻涌" },
];

describe("the studio in each language", () => {
  it.each(LOCALES)("/$locale speaks only its language, fits a phone and tags tasks with the locale", async ({ locale, strings, other, prompt }) => {
    const { page, api } = await session.visit(`/${locale}`);
    expect(await page.locator("html").getAttribute("lang")).toBe(locale);
    const studio = new StudioPage(page, strings);
    await studio.waitUntilInteractive();
    await page.getByRole("heading", { name: strings.studio.heading }).waitFor();

    const task = await studio.generate({ prompt, model: "flux-schnell", aspectRatio: "3:4" });
    await studio.waitForStatus(task.id, "succeeded");
    const image = studio.card(task.id).locator("img");
    await page.waitForFunction((img) => img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0, await image.elementHandle());
    const mine = (await (await api.get("/api/tasks")).json()) as TaskPage;
    expect(mine.tasks.find((item) => item.id === task.id)?.locale).toBe(locale);

    const text = await page.locator("body").innerText();
    expect(text).toContain(strings.tasks.status.succeeded);
    expect(phrasesIn(text, foreignPhrases(strings, other))).toEqual([]);
    await saveScreenshot(page, `studio-${locale}-desktop`);

    await page.setViewportSize(VIEWPORTS.phone);
    await page.getByRole("button", { name: strings.studio.submit }).scrollIntoViewIfNeeded();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, "horizontal scrolling on a phone").toBeLessThanOrEqual(0);
    await saveScreenshot(page, `studio-${locale}-phone`);

    await page.goto(`/${locale}/gallery`);
    await page.getByRole("img", { name: prompt }).waitFor();
    expect(phrasesIn(await page.locator("body").innerText(), foreignPhrases(strings, other))).toEqual([]);
    await saveScreenshot(page, `gallery-${locale}-phone`);
  });

  it.each([
    { acceptLanguage: "zh-CN,zh;q=0.9,en;q=0.8", expected: "zh" },
    { acceptLanguage: "en-GB,en;q=0.9", expected: "en" },
    { acceptLanguage: "fr-FR,fr;q=0.9,zh-TW;q=0.7,en;q=0.5", expected: "zh" },
    { acceptLanguage: "de-DE", expected: "en" },
  ])("redirects / to /$expected for Accept-Language $acceptLanguage", async ({ acceptLanguage, expected }) => {
    const { page } = await session.visit("/", { headers: { "accept-language": acceptLanguage } });
    expect(new URL(page.url()).pathname).toBe(`/${expected}`);
    expect(await page.locator("html").getAttribute("lang")).toBe(expected);
  });
});
