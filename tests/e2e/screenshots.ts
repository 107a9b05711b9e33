import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";

const DIR = fileURLToPath(new URL("./screenshots/", import.meta.url));

/**
 * Writes tests/e2e/screenshots/e2e-<name>.png (git-ignored) for a person to look at: the whole page, or what the
 * screen shows (`fullPage: false`, for a modal dialog, which sits on the screen rather than on the page).
 */
export async function saveScreenshot(page: Page, name: string, { fullPage = true }: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(DIR, { recursive: true });
  // A full-page picture shows images below the fold, which lazy loading would leave blank.
  await page.evaluate(() => {
    for (const img of document.querySelectorAll("img")) img.loading = "eager";
  });
  // A picture for a person, not an assertion: an image still loading after 15 s (dozens of gallery images through the
  // local dev server on 2 busy cores) is pictured as it is rather than failing the test that asked for the picture.
  await page.waitForFunction(() => [...document.images].every((img) => img.complete), undefined, { timeout: 15_000 }).catch(() => undefined);
  const path = `${DIR}e2e-${name}.png`;
  await page.screenshot({ path, fullPage, animations: "disabled", caret: "hide" });
  return path;
}
