import type { APIRequestContext, Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, inject } from "vitest";
import { launchBrowser, VIEWPORTS, type ViewportName } from "./browser";
import { randomAddress } from "../helpers/http-client";
import { ConsoleWatch } from "./console-watch";

/** One person in their own browser context: their own session cookie, hence their own user id. */
interface Visitor {
  context: BrowserContext;
  page: Page;
  /** HTTP calls that carry this visitor's cookies, for checking the API behind what the page shows. */
  api: APIRequestContext;
  console: ConsoleWatch;
}

interface VisitOptions {
  viewport?: ViewportName;
  /** Sent with every request, e.g. `{"accept-language": "zh-CN"}`. */
  headers?: Record<string, string>;
  /** A touch screen: pointer events from touches are of type "touch", as on a phone. */
  touch?: boolean;
}

export interface BrowserSession {
  baseUrl: string;
  /** A new visitor whose page has loaded `path` (relative to the app). */
  visit(path: string, options?: VisitOptions): Promise<Visitor>;
}

// Actions wait for conditions, never for a fixed time; this is only how long before one gives up.
const ACTION_TIMEOUT_MS = 30_000;

/**
 * Registers the hooks of a browser test file: one Chromium per file, a context per visitor, and after
 * every test the check that no page logged a console error or threw.
 */
export function useBrowserSession(): BrowserSession {
  const baseUrl = inject("workerUrl");
  let browser: Browser | undefined;
  const visitors: Visitor[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  }, 60_000);

  afterEach(async () => {
    const problems = visitors.flatMap((visitor) => visitor.console.problems);
    await Promise.all(visitors.map((visitor) => visitor.context.close()));
    visitors.length = 0;
    expect(problems, "console errors or uncaught exceptions in the page").toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function visit(path: string, { viewport = "desktop", headers, touch = false }: VisitOptions = {}): Promise<Visitor> {
    if (!browser) throw new Error("the browser is not running; call visit() inside a test");
    // Each visitor on a network of its own (wrangler pages dev keeps a client-sent CF-Connecting-IP), as people are.
    const extraHTTPHeaders = { "cf-connecting-ip": randomAddress(), ...headers };
    const context = await browser.newContext({ baseURL: baseUrl, viewport: VIEWPORTS[viewport], extraHTTPHeaders, hasTouch: touch });
    context.setDefaultTimeout(ACTION_TIMEOUT_MS);
    const page = await context.newPage();
    const visitor: Visitor = { context, page, api: context.request, console: new ConsoleWatch(page) };
    visitors.push(visitor);
    await page.goto(path, { waitUntil: "load" });
    return visitor;
  }

  return { baseUrl, visit };
}
