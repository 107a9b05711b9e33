import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as stats from "../../app/api/admin/stats/route";
import { createFormatters } from "../../components/admin/format";
import { insertGatewayCalls } from "../../db/queries/gateway-calls";
import { insertTask } from "../../db/queries/tasks";
import type { NewGatewayCall } from "../../db/schema";
import { getAdminDictionary } from "../../lib/shared/i18n/admin-dictionary";
import type { Locale } from "../../lib/shared/i18n/locales";
import type { AdminStats } from "../../lib/shared/admin-stats";
import { newTask } from "../db/task-fixture";
import { launchBrowser, VIEWPORTS } from "../e2e/browser";
import { registerRoute, startTestApp, TEST_SECRETS, type TestApp } from "../helpers/app-server";
import { waitFor, type TestBrowser } from "../helpers/http-client";

registerRoute("GET", /^\/api\/admin\/stats$/, stats.GET as never);

const HOUR = 3_600_000;
const root = fileURLToPath(new URL("../../", import.meta.url));
const screenshots = fileURLToPath(new URL("../e2e/screenshots/", import.meta.url));
let app: TestApp;
let browser: Browser;
let globalCss: string;
let renderDir: string;

// The root tsconfig keeps JSX for Next ("preserve"), which vitest cannot run; a child process renders the
// dashboard's real components with tsx and the automatic JSX runtime, exactly as React renders them on the server.
const RENDER_SCRIPT = `
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { AdminDashboard } from "@/components/admin/admin-dashboard.tsx";
import { AdminStyles } from "@/components/admin/admin-styles.tsx";
import { SignInForm } from "@/components/admin/sign-in-form.tsx";
import { getAdminDictionary } from "@/lib/shared/i18n/admin-dictionary.ts";
let input = "";
for await (const chunk of process.stdin) input += chunk;
const { view, locale, stats, outcome } = JSON.parse(input);
const strings = getAdminDictionary(locale);
const element = view === "dashboard"
  ? createElement(AdminDashboard, { stats, locale, strings })
  : createElement("div", { className: "admin" }, createElement(AdminStyles), createElement(SignInForm, { locale, strings: strings.signIn, outcome }));
process.stdout.write(renderToStaticMarkup(element));
`;

type View = { view: "dashboard"; locale: Locale; stats: AdminStats } | { view: "sign-in"; locale: Locale; outcome: string | null };

function renderMarkup(input: View): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", RENDER_SCRIPT], {
      cwd: root,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(renderDir, "tsconfig.json"), NODE_ENV: "production" },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`render failed (${code}): ${err}`))));
    child.stdin.end(JSON.stringify(input));
  });
}

/** A week of earlier traffic (so the charts have a shape), written straight to D1 next to the live calls. */
async function seedHistory(now: number) {
  const calls: NewGatewayCall[] = [];
  for (let hoursAgo = 7 * 24 - 3; hoursAgo >= 2; hoursAgo -= 3) {
    const startedAt = now - hoursAgo * HOUR;
    const busy = 2 + ((hoursAgo * 7) % 9);
    for (let i = 0; i < busy; i++) {
      const gemini = i % 3 === 0;
      const failed = (hoursAgo + i) % 11 === 0;
      calls.push({
        provider: gemini ? "gemini" : "replicate",
        model: gemini ? "gemini-3.8-flash" : i % 2 === 0 ? "flux-schnell" : "flux-dev",
        operation: gemini ? "text.generate" : "prediction.create",
        ok: !failed,
        httpStatus: failed ? 503 : 200,
        errorKind: failed ? "provider_down" : null,
        attempts: failed ? 4 : 1,
        latencyMs: (gemini ? 350 : 600) + ((hoursAgo * 37 + i * 101) % 900),
        cacheStatus: gemini && i % 2 === 0 ? "HIT" : "MISS",
        logId: null,
        taskId: null,
        startedAt: startedAt + i * 1000,
      });
    }
  }
  await insertGatewayCalls(app.storage.db, { calls });
  const models = [
    { modelKey: "flux-schnell", providerModel: "black-forest-labs/flux-schnell", price: 0.003 },
    { modelKey: "flux-dev", providerModel: "black-forest-labs/flux-dev", price: 0.025 },
    { modelKey: "flux-pro", providerModel: "black-forest-labs/flux-pro", price: 0.055 },
  ];
  for (let day = 6; day >= 1; day--) {
    for (const [index, model] of models.entries()) {
      const images = 1 + ((day + index) % 4);
      const createdAt = now - day * 24 * HOUR + index * 1000;
      await insertTask(app.storage.db, {
        task: newTask({
          modelKey: model.modelKey,
          providerModel: model.providerModel,
          status: "succeeded",
          outputCount: images,
          costUsd: Math.round(images * model.price * 1e6) / 1e6,
          createdAt,
        }),
      });
    }
  }
}

async function generate(client: TestBrowser, body: Record<string, unknown>) {
  const created = await client.post("/api/generate", body);
  expect(created.status).toBe(201);
  const id: string = created.body.task.id;
  await waitFor(async () => ["succeeded", "failed"].includes((await client.get(`/api/tasks/${id}`)).body.task?.status), { what: `task ${id}` });
}

async function getStats(window: string): Promise<AdminStats> {
  const response = await app.browser().get<AdminStats>(`/api/admin/stats?window=${window}`, { authorization: `Bearer ${TEST_SECRETS.adminToken}` });
  expect(response.status).toBe(200);
  return response.body;
}

async function documentFor(input: View): Promise<string> {
  // The page's real stylesheets: the app's globals plus the dashboard's own inline styles (inside the markup).
  const markup = await renderMarkup(input);
  return `<!doctype html><html lang="${input.locale}"><head><meta charset="utf-8"><style>${globalCss}</style></head><body><main>${markup}</main></body></html>`;
}

async function show(html: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.setContent(html, { waitUntil: "load" });
  return page;
}

beforeAll(async () => {
  app = await startTestApp();
  renderDir = await mkdtemp(join(tmpdir(), "admin-render-"));
  await writeFile(join(renderDir, "tsconfig.json"), JSON.stringify({ extends: join(root, "tsconfig.json"), compilerOptions: { jsx: "react-jsx" } }));
  globalCss = await readFile(fileURLToPath(new URL("../../app/globals.css", import.meta.url)), "utf8");
  await mkdir(screenshots, { recursive: true });
  await seedHistory(Date.now());

  // Live traffic through the emulator: a throttled create, two models, a cache hit and a Gemini outage.
  const client = app.browser();
  await fetch(`${app.emulator.url}/__emulator/faults`, {
    method: "POST",
    body: JSON.stringify({ rate429: 1, retryAfterSeconds: 0, limit: 1, match: "/predictions", method: "POST" }),
  });
  await generate(client, { model: "flux-schnell", prompt: "a lighthouse at dawn", num_outputs: 2 });
  await fetch(`${app.emulator.url}/__emulator/faults`, { method: "POST", body: "{}" });
  await generate(client, { model: "flux-pro", prompt: "a studio portrait of a cat" });
  await client.post("/api/prompt", { prompt: "a cat on a roof" });
  await client.post("/api/prompt", { prompt: "a cat on a roof" });
  await fetch(`${app.emulator.url}/__emulator/faults`, { method: "POST", body: JSON.stringify({ rate5xx: 1, limit: 4, match: "generateContent" }) });
  await client.post("/api/prompt", { prompt: "a quiet harbour" });
  await fetch(`${app.emulator.url}/__emulator/faults`, { method: "POST", body: "{}" });

  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  if (renderDir) await rm(renderDir, { recursive: true, force: true });
});

describe("the monitoring dashboard in Chromium", () => {
  it("draws requests, latency, cache and cost charts from the stats API (en, 7 days)", async () => {
    const figures = await getStats("7d");
    const strings = getAdminDictionary("en");
    const page = await show(await documentFor({ view: "dashboard", locale: "en", stats: figures }), VIEWPORTS.desktop);

    const charts = await page.locator("figure.admin-card").evaluateAll((figures) =>
      figures.map((figure) => {
        // The largest drawing on show (hidden phone variants measure 0).
        const boxes = [...figure.querySelectorAll("svg.chart")].map((svg) => svg.getBoundingClientRect());
        return {
          title: figure.querySelector("h2")?.textContent,
          width: Math.max(0, ...boxes.map((box) => box.width)),
          height: Math.max(0, ...boxes.map((box) => box.height)),
        };
      }),
    );
    expect(charts.map((chart) => chart.title)).toEqual([strings.charts.requests, strings.charts.latency, strings.charts.cache, strings.charts.cost]);
    for (const chart of charts) {
      expect(chart.width).toBeGreaterThan(150);
      expect(chart.height).toBeGreaterThan(100);
    }

    // One column per bucket; failures drawn in red, stacked on the successes.
    expect(await page.locator("figure:nth-of-type(1) .chart-wide g.chart-column").count()).toBe(figures.gateway.series.length);
    expect(await page.locator("figure:nth-of-type(1) .chart-wide rect.fill-error").count()).toBe(
      figures.gateway.series.filter((point) => point.errors > 0).length,
    );
    // Three bars per model, the latest figures included (flux-pro only ran live, through the emulator).
    expect(await page.locator(".chart-wide rect.fill-p95").count()).toBe(figures.gateway.latency_by_model.length);
    expect(await page.locator(".chart-wide g.latency-model", { hasText: "flux-pro" }).count()).toBe(1);
    // The phone drawings are there but hidden on a desktop.
    expect(await page.locator(".chart-narrow").first().isVisible()).toBe(false);
    const f = createFormatters("en");
    expect(await page.locator(".ring-value").textContent()).toBe(f.percent(figures.gateway.cache.hit_rate));
    expect(await page.locator("[data-tile=requests] .tile-value").textContent()).toBe(f.count(figures.gateway.calls));
    expect(await page.locator("[data-tile=cost] .tile-value").textContent()).toBe(f.usd(figures.tasks.cost_usd));
    // Cost per day: a column per day of the window, stacked by model.
    expect(await page.locator("figure:nth-of-type(4) .chart-wide g.chart-column").count()).toBe(figures.tasks.daily.length);
    expect(await page.locator('figure:nth-of-type(4) .chart-wide rect[class*="fill-series-"]').count()).toBeGreaterThan(0);

    expect(figures.gemini).toEqual({ model: "gemini-3.8-flash", successor: null, notice: null });
    expect(await page.locator("[data-testid=gemini-deprecated]").count()).toBe(0);

    await page.screenshot({ path: `${screenshots}admin-dashboard-en-desktop.png`, fullPage: true });
    await page.context().close();
  });

  it("reads the same in Chinese on a phone (24 hours)", async () => {
    const figures = await getStats("24h");
    const strings = getAdminDictionary("zh");
    const page = await show(await documentFor({ view: "dashboard", locale: "zh", stats: figures }), VIEWPORTS.phone);
    expect(await page.locator("h1").textContent()).toBe("监控");
    expect(await page.locator("figure h2").allTextContents()).toEqual([
      strings.charts.requests,
      strings.charts.latency,
      strings.charts.cache,
      strings.charts.cost,
    ]);
    expect(await page.locator("figure:nth-of-type(1) .chart-narrow g.chart-column").count()).toBe(figures.gateway.series.length);
    expect(await page.locator(".chart-wide").first().isVisible()).toBe(false);
    expect(await page.locator(".chart-narrow").first().isVisible()).toBe(true);
    await page.screenshot({ path: `${screenshots}admin-dashboard-zh-phone.png`, fullPage: true });
    // Nothing wider than the phone's screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.context().close();
  });

  it("warns, above the figures, that a deprecated GEMINI_MODEL is routed to its successor", async () => {
    app.setVars({ GEMINI_MODEL: "gemini-3.5-flash" });
    try {
      const figures = await getStats("24h");
      expect(figures.gemini).toEqual({
        model: "gemini-3.5-flash",
        successor: "gemini-3.6-flash",
        notice: expect.stringMatching(/GEMINI_MODEL "gemini-3\.5-flash" is deprecated: Google routes it to gemini-3\.6-flash/),
      });
      for (const locale of ["en", "zh"] as const) {
        const page = await show(await documentFor({ view: "dashboard", locale, stats: figures }), VIEWPORTS.desktop);
        const notice = page.locator("[data-testid=gemini-deprecated]");
        expect(await notice.isVisible()).toBe(true);
        expect(await notice.getAttribute("role")).toBe("alert");
        const text = await notice.textContent();
        expect(text).toContain("GEMINI_MODEL");
        expect(text).toContain("gemini-3.5-flash");
        expect(text).toContain("gemini-3.6-flash");
        expect(await page.locator(".admin-warning + .admin-tiles").count()).toBe(1);
        await page.context().close();
      }
    } finally {
      app.setVars({});
    }
  });

  it("shows the sign-in form with the reason a sign-in failed", async () => {
    const strings = getAdminDictionary("en");
    const page = await show(await documentFor({ view: "sign-in", locale: "en", outcome: "invalid" }), VIEWPORTS.desktop);
    expect(await page.locator("form").getAttribute("action")).toBe("/api/admin/session");
    expect(await page.locator("input[name=token]").getAttribute("type")).toBe("password");
    expect(await page.locator("[role=alert]").textContent()).toBe(strings.signIn.invalid);
    await page.screenshot({ path: `${screenshots}admin-sign-in-en-desktop.png`, fullPage: true });
    await page.context().close();
  });
});
