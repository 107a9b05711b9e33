import { chromium, type Browser, type BrowserContextOptions, type LaunchOptions, type Page } from "playwright-core";

/** Debian's Chromium; playwright-core never downloads a browser here. */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 375, height: 812 },
  /** A current large phone (iPhone 14/15 class): what the mask editor is checked at. */
  phone390: { width: 390, height: 844 },
} as const;

export type ViewportName = keyof typeof VIEWPORTS;

export function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, ...options });
}

export interface OpenPageOptions extends BrowserContextOptions {
  viewport?: { width: number; height: number };
  /** Runs before navigation, e.g. to install `page.route` fakes. */
  prepare?: (page: Page) => Promise<void>;
}

/** A fresh context (own cookies) and a page loaded at `url`, waiting until the network is quiet. */
export async function openPage(browser: Browser, url: string, { prepare, ...context }: OpenPageOptions = {}): Promise<Page> {
  const ctx = await browser.newContext({ viewport: VIEWPORTS.desktop, ...context });
  const page = await ctx.newPage();
  if (prepare) await prepare(page);
  await page.goto(url, { waitUntil: "networkidle" });
  return page;
}
