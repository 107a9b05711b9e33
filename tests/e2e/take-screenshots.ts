// Usage: BASE_URL=http://localhost:3100 npx tsx tests/e2e/take-screenshots.ts [fake|failing|real]
// Writes tests/e2e/screenshots/<mode>-<page>-<locale>-<viewport>.png (git-ignored) to look at.
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { launchBrowser, openPage, VIEWPORTS, type ViewportName } from "./browser";
import { installFailingApi, installFakeApi } from "./fake-api";

const baseUrl = process.env.BASE_URL ?? "http://localhost:3000";
const mode = (process.argv[2] ?? "fake") as "fake" | "failing" | "real";
const outDir = fileURLToPath(new URL("./screenshots/", import.meta.url));

const prepare: Record<typeof mode, ((page: Page) => Promise<void>) | undefined> = {
  fake: installFakeApi,
  failing: installFailingApi,
  real: undefined,
};

const pages = [
  { name: "studio", path: "" },
  { name: "gallery", path: "/gallery" },
];

await mkdir(outDir, { recursive: true });
const browser = await launchBrowser();
try {
  for (const locale of ["en", "zh"]) {
    for (const { name, path } of pages) {
      for (const viewport of Object.keys(VIEWPORTS) as ViewportName[]) {
        const page = await openPage(browser, `${baseUrl}/${locale}${path}`, { viewport: VIEWPORTS[viewport], prepare: prepare[mode] });
        await page.waitForTimeout(600);
        const file = `${outDir}${mode}-${name}-${locale}-${viewport}.png`;
        await page.screenshot({ path: file, fullPage: true });
        console.log(file);
        await page.context().close();
      }
    }
  }
} finally {
  await browser.close();
}
