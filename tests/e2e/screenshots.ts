import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";

const DIR = fileURLToPath(new URL("./screenshots/", import.meta.url));

/** Writes tests/e2e/screenshots/e2e-<name>.png (git-ignored) for a person to look at. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(DIR, { recursive: true });
  // A full-page picture shows images below the fold, which lazy loading would leave blank.
  await page.evaluate(() => {
    for (const img of document.querySelectorAll("img")) img.loading = "eager";
  });
  await page.waitForFunction(() => [...document.images].every((img) => img.complete));
  const path = `${DIR}e2e-${name}.png`;
  await page.screenshot({ path, fullPage: true, animations: "disabled", caret: "hide" });
  return path;
}
