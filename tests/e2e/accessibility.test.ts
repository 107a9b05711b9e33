import { AxeBuilder } from "@axe-core/playwright";
import { request, type APIRequestContext, type Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { en } from "@/lib/shared/i18n/en";
import { zh } from "@/lib/shared/i18n/zh";
import { randomAddress } from "../helpers/http-client";
import type { ViewportName } from "./browser";
import { useBrowserSession } from "./browser-session";
import { StudioPage } from "./studio-page";
import type { TaskView } from "@/lib/shared/task-view";

// Issue 21: an outside audit with axe-core found contrast under WCAG AA, links without a name and no visible focus
// after Generate. Every page is audited with the WCAG 2 A/AA rules; a serious or critical finding fails.

const session = useBrowserSession();

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const BLOCKING_IMPACTS = new Set(["serious", "critical"]);

/** What the audited pages show: made once, before the first page, through the API as a visitor would. */
interface Fixture {
  /** A finished public task with an image (the gallery lists it; its share page exists). */
  publicTask: TaskView;
  /** A public compare run of two models (its page exists). */
  publicRunId: string;
}

interface AuditedPage {
  name: string;
  path: (fixture: Fixture) => string;
  /** Runs after the page loaded, before the audit: bring the page to the state a person sees. */
  ready?: (page: Page, fixture: Fixture) => Promise<void>;
  /** Signs in to the dashboard before loading the page. */
  admin?: boolean;
}

const studioReady = (strings: typeof en) => async (page: Page) => {
  const studio = new StudioPage(page, strings);
  await studio.waitUntilInteractive();
};

// One line per page.
const PAGES: AuditedPage[] = [
  { name: "studio (en)", path: () => "/en", ready: studioReady(en) },
  { name: "studio (zh)", path: () => "/zh", ready: studioReady(zh) },
  { name: "gallery", path: () => "/en/gallery", ready: (page, { publicTask }) => page.getByRole("img", { name: publicTask.prompt }).waitFor() },
  { name: "share page", path: ({ publicTask }) => `/en/t/${publicTask.id}`, ready: (page) => page.locator("main h1").waitFor() },
  { name: "run page", path: ({ publicRunId }) => `/en/r/${publicRunId}`, ready: (page) => page.locator("main h1").waitFor() },
  { name: "admin sign-in", path: () => "/en/admin", ready: (page) => page.locator('input[name="token"]').waitFor() },
  { name: "admin dashboard", path: () => "/en/admin", admin: true, ready: (page) => page.locator("main h1").waitFor() },
];

// A phone hides some text (the brand name in the header): what is hidden must still leave every control a name.
const VIEWPORTS: ViewportName[] = ["desktop", "phone"];
const AUDITS = PAGES.flatMap((audited) => VIEWPORTS.map((viewport) => ({ ...audited, viewport })));

async function finishedPublicTask(api: APIRequestContext): Promise<TaskView> {
  await api.get("/api/me");
  const created = await api.post("/api/generate", {
    data: { model: "flux-schnell", prompt: "A lighthouse on a cliff at dawn, for the accessibility audit", is_private: false },
  });
  expect(created.status()).toBe(201);
  const { task } = (await created.json()) as { task: TaskView };
  // A hook cannot use expect.poll: wait for the emulator to finish it (a few hundred milliseconds).
  const deadline = Date.now() + 60_000;
  let current = task;
  while (current.status !== "succeeded") {
    if (Date.now() > deadline || current.status === "failed" || current.status === "canceled") {
      throw new Error(`the audit's public task ended as ${current.status}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    current = ((await (await api.get(`/api/tasks/${task.id}`)).json()) as { task: TaskView }).task;
  }
  return current;
}

async function publicRun(api: APIRequestContext): Promise<string> {
  const created = await api.post("/api/runs", {
    data: { models: ["flux-schnell", "flux-2-klein-4b"], prompt: "A harbour at night, for the accessibility audit", is_private: false },
  });
  expect(created.status()).toBe(201);
  return ((await created.json()) as { run: { id: string } }).run.id;
}

async function signInToDashboard(page: Page): Promise<void> {
  await page.goto("/en/admin", { waitUntil: "load" });
  await page.locator('input[name="token"]').fill(inject("secrets").adminToken);
  await Promise.all([page.waitForURL(/\/en\/admin$/), page.locator('form[action="/api/admin/session"] button[type="submit"]').click()]);
  expect(await page.locator("form[action='/api/admin/session']").count(), "the dashboard, not the sign-in form").toBe(0);
}

/** One line per finding, e.g. `serious color-contrast: #prompt-hint, .meta > span`. */
function describeViolations(violations: Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"]): string[] {
  return violations.map(
    (violation) => `${violation.impact ?? "unknown"} ${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
  );
}

describe("accessibility: axe-core with the WCAG 2 A/AA rules", () => {
  let fixture: Fixture;

  beforeAll(async () => {
    const api = await request.newContext({ baseURL: inject("workerUrl"), extraHTTPHeaders: { "cf-connecting-ip": randomAddress() } });
    try {
      fixture = { publicTask: await finishedPublicTask(api), publicRunId: await publicRun(api) };
    } finally {
      await api.dispose();
    }
  }, 90_000);

  it.each(AUDITS)("$name on a $viewport has no serious or critical violation", async (audited) => {
    const { page } = await session.visit(audited.admin ? "/en/gallery" : audited.path(fixture), { viewport: audited.viewport });
    if (audited.admin) {
      await signInToDashboard(page);
      await page.goto(audited.path(fixture), { waitUntil: "load" });
    }
    await audited.ready?.(page, fixture);
    const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
    const found = describeViolations(violations);
    console.info(
      `axe ${audited.name} (${audited.viewport}): ${violations.length} violations (${violations.reduce((sum, v) => sum + v.nodes.length, 0)} elements)`,
    );
    for (const line of found) console.info(`  ${line}`);
    const blocking = describeViolations(violations.filter((violation) => BLOCKING_IMPACTS.has(violation.impact ?? "")));
    expect(blocking, `serious or critical axe violations on ${audited.name}`).toEqual([]);
  });
});

describe("search-engine basics", () => {
  it("each page names itself and its own translations with absolute URLs; robots.txt is served", async () => {
    const api = await request.newContext({ baseURL: inject("workerUrl"), extraHTTPHeaders: { "cf-connecting-ip": randomAddress() } });
    try {
      const task = await finishedPublicTask(api);
      const origin = new URL(inject("workerUrl")).origin;
      for (const [locale, path] of [
        ["zh", ""],
        ["en", "/gallery"],
        ["zh", `/t/${task.id}`],
      ] as const) {
        const { page } = await session.visit(`/${locale}${path}`);
        expect(await page.locator("html").getAttribute("lang")).toBe(locale);
        expect(await page.locator('head meta[name="description"]').getAttribute("content")).toBeTruthy();
        expect(await page.locator('head link[rel="canonical"]').getAttribute("href")).toBe(`${origin}/${locale}${path}`);
        const alternates = await page
          .locator('head link[rel="alternate"][hreflang]')
          .evaluateAll((links) => Object.fromEntries(links.map((link) => [link.getAttribute("hreflang"), link.getAttribute("href")])));
        expect(alternates).toEqual({
          en: `${origin}/en${path}`,
          zh: `${origin}/zh${path}`,
          // "/" picks the language from Accept-Language (Next writes the bare origin for it).
          "x-default": path === "" ? origin : `${origin}/en${path}`,
        });
      }
      const robots = await api.get("/robots.txt");
      expect(robots.status()).toBe(200);
      expect(await robots.text()).toMatch(/^User-agent: \*$/m);
    } finally {
      await api.dispose();
    }
  });
});

describe("keyboard", () => {
  it("reaches Generate with Tab, and after Enter the focused element shows a focus ring", async () => {
    const { page } = await session.visit("/en");
    const studio = new StudioPage(page, en);
    await studio.waitUntilInteractive();
    await studio.promptBox.fill("A paper boat on a pond, made with the keyboard");
    await studio.promptBox.focus();

    const generate = page.getByRole("button", { name: en.studio.submit });
    const onGenerate = () => generate.evaluate((button) => button === document.activeElement);
    for (let presses = 0; presses < 80 && !(await onGenerate()); presses++) await page.keyboard.press("Tab");
    expect(await onGenerate(), "Tab reaches the Generate button").toBe(true);

    const [response] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === "/api/generate" && r.request().method() === "POST"),
      page.keyboard.press("Enter"),
    ]);
    expect(response.status()).toBe(201);
    const { task } = (await response.json()) as { task: TaskView };
    await studio.card(task.id).waitFor();

    const focusRing = await page.evaluate(() => {
      const focused = document.activeElement;
      if (!focused || focused === document.body) return { element: "body", outline: "none", boxShadow: "none" };
      const style = getComputedStyle(focused);
      const outline =
        style.outlineStyle === "none" || Number.parseFloat(style.outlineWidth) === 0 ? "none" : `${style.outlineWidth} ${style.outlineStyle}`;
      return { element: `${focused.tagName.toLowerCase()}#${focused.id}`, outline, boxShadow: style.boxShadow };
    });
    expect(focusRing.element, "focus stays on an element, not the page body").not.toBe("body");
    expect(focusRing.outline !== "none" || focusRing.boxShadow !== "none", `a visible focus ring on ${focusRing.element}`).toBe(true);
    // Let the task finish, so its event stream ends on its own rather than being cut by the closing page.
    await studio.waitForStatus(task.id, "succeeded");
  });
});
