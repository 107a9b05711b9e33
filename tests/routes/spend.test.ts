import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readSpendTotals } from "../../db/queries/spend";
import { startTestApp, type TestApp } from "../helpers/app-server";
import { listEmulatorRequests, resetEmulator, setFaults } from "../helpers/emulator-control";
import { randomAddress, waitFor, type HttpResult, type TestBrowser } from "../helpers/http-client";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});
beforeEach(async () => {
  app.setVars({});
  await resetEmulator(app.emulator.url);
});

const SCHNELL = 0.003;
const TERMINAL = ["succeeded", "failed", "canceled"];

async function withSession(address = randomAddress()): Promise<TestBrowser> {
  const browser = app.browser({ address });
  expect((await browser.get("/api/me")).status).toBe(200);
  return browser;
}

async function settled(browser: TestBrowser, id: string) {
  return waitFor(
    async () => {
      const task = (await browser.get(`/api/tasks/${id}`)).body.task;
      return TERMINAL.includes(task.status) ? task : undefined;
    },
    { what: `task ${id} to end`, timeoutMs: 30_000 },
  );
}

describe("a client that rotates cookies", () => {
  it("is stopped by the per-client rate limit however many cookies it has", async () => {
    app.setVars({ CLIENT_GENERATE_RATE_LIMIT_PER_MINUTE: "5", CLIENT_SESSIONS_PER_HOUR: "0" });
    const address = randomAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const fresh = await withSession(address);
      statuses.push((await fresh.post("/api/generate", { model: "flux-schnell", prompt: `rotating ${i}` })).status);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429, 429]);
    // Another network is not affected.
    expect((await (await withSession()).post("/api/generate", { model: "flux-schnell", prompt: "neighbour" })).status).toBe(201);
  });

  it("is stopped by the per-client budget, with the amount and the reset time", async () => {
    app.setVars({ BUDGET_CLIENT_USD_PER_DAY: "0.01", CLIENT_SESSIONS_PER_HOUR: "0" });
    const address = randomAddress();
    const statuses: number[] = [];
    let refusal: HttpResult | undefined;
    for (let i = 0; i < 5; i++) {
      const fresh = await withSession(address);
      const result = await fresh.post("/api/generate", { model: "flux-schnell", prompt: `budget ${i}` });
      statuses.push(result.status);
      if (result.status === 429) refusal ??= result;
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429]); // 3 × $0.003 fit in $0.01, a 4th does not
    expect(refusal!.body.error.code).toBe("budget_exceeded");
    expect(refusal!.body.error.message).toMatch(
      /^Today's budget for your network of \$0\.01 has \$0\.001 left, less than this costs \(\$0\.003\); it resets in (\d+ h|\d+ h \d+ min|\d+ min)\.$/,
    );
    const retryAfter = Number(refusal!.headers.get("retry-after"));
    const toMidnight = (Math.floor(Date.now() / 86_400_000) + 1) * 86_400_000 - Date.now();
    expect(Math.abs(retryAfter - toMidnight / 1000)).toBeLessThan(60);
  });

  it("cannot mint sessions without end: minting is limited per client address", async () => {
    app.setVars({ CLIENT_SESSIONS_PER_HOUR: "3" });
    const address = randomAddress();
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await app.browser({ address }).get("/api/me")).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });
});

describe("GET /api/me", () => {
  it("shows today's spend against the user's budget and when it resets", async () => {
    app.setVars({ BUDGET_USER_USD_PER_DAY: "2" });
    const browser = await withSession();
    const created = await browser.post("/api/generate", { model: "flux-schnell", prompt: "a lighthouse", num_outputs: 2 });
    expect(created.status).toBe(201);
    await settled(browser, created.body.task.id);
    const me = (await browser.get("/api/me")).body;
    expect(me.spend).toEqual({
      today_usd: 2 * SCHNELL,
      budget_usd: 2,
      available_usd: 2 - 2 * SCHNELL,
      resets_at: new Date((Math.floor(Date.now() / 86_400_000) + 1) * 86_400_000).toISOString(),
    });
  });

  it("refuses a create over the user's budget with the message the issue asks for", async () => {
    app.setVars({ BUDGET_USER_USD_PER_DAY: "0.006" });
    const browser = await withSession();
    expect((await browser.post("/api/generate", { model: "flux-schnell", prompt: "one", num_outputs: 2 })).status).toBe(201);
    const refused = await browser.post("/api/generate", { model: "flux-schnell", prompt: "two" });
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toMatch(/^Today's budget of \$0\.006 is used up; it resets in (\d+ h|\d+ h \d+ min|\d+ min)\.$/);
  });
});

describe("settlement: only what was delivered is paid for", () => {
  it("refunds failed, aborted, canceled and safety-dropped images; the day's spend is delivered images × price", async () => {
    app.setVars({ REPLICATE_CANCEL_AFTER: '{"flux-dev":"300ms"}' });
    const payer = await withSession();
    const userId = (await payer.get("/api/me")).body.user.id as string;
    const create = async (body: Record<string, unknown>) => {
      const result = await payer.post("/api/generate", body);
      expect(result.status).toBe(201);
      return result.body.task.id as string;
    };

    // Delivered: 2 images, and 1 of 3 after the safety filter dropped 2.
    const delivered = await create({ model: "flux-schnell", prompt: "two cats", num_outputs: 2 });
    const dropped = await create({ model: "flux-schnell", prompt: "three dogs [nsfw:2]", num_outputs: 3 });
    expect(await settled(payer, delivered)).toMatchObject({ status: "succeeded", cost_usd: 2 * SCHNELL });
    const partly = await settled(payer, dropped);
    expect(partly).toMatchObject({ status: "succeeded", cost_usd: SCHNELL });
    expect(partly.images).toHaveLength(1);

    // Failed mid-run: nothing delivered.
    await setFaults(app.emulator.url, { failPredictions: 1 });
    const failed = await create({ model: "flux-schnell", prompt: "fails" });
    expect(await settled(payer, failed)).toMatchObject({ status: "failed", cost_usd: null });

    // Aborted: flux-dev's 300 ms Cancel-After passes before the run starts (the emulator starts after 2 s).
    await setFaults(app.emulator.url, { delays: { startMs: 2_000 } });
    const aborted = await create({ model: "flux-dev", prompt: "too late" });
    expect(await settled(payer, aborted)).toMatchObject({
      status: "canceled",
      cost_usd: null,
      error: { code: "aborted", message: expect.stringMatching(/^Didn't start in time — not charged/) },
    });
    const creates = (await listEmulatorRequests(app.emulator.url)).filter((r: any) => r.method === "POST" && /predictions$/.test(r.path));
    expect(creates.every((r: any) => typeof r.headers["cancel-after"] === "string")).toBe(true);

    // Canceled by its owner before any output.
    await setFaults(app.emulator.url, { delays: { startMs: 5_000 } });
    const canceled = await create({ model: "flux-schnell", prompt: "never mind" });
    await waitFor(async () => (await payer.get(`/api/tasks/${canceled}`)).body.task.status !== "submitting" || undefined);
    expect((await payer.post(`/api/tasks/${canceled}/cancel`)).status).toBe(200);
    expect(await settled(payer, canceled)).toMatchObject({ status: "canceled", cost_usd: null });

    const expected = 3 * SCHNELL;
    expect((await payer.get("/api/me")).body.spend.today_usd).toBeCloseTo(expected, 9);
    const day = new Date().toISOString().slice(0, 10);
    const totals = await readSpendTotals(app.storage.db, { day, userId, clientKey: "none" });
    expect(totals.user).toBe(Math.round(expected * 1_000_000));
  });
});

describe("fair share", () => {
  it("a real user is not queued behind one heavy client", async () => {
    app.setVars({ MAX_IN_FLIGHT_GLOBAL: "6", CLIENT_SESSIONS_PER_HOUR: "0", CLIENT_GENERATE_RATE_LIMIT_PER_MINUTE: "0" });
    await setFaults(app.emulator.url, { delays: { startMs: 20_000 } });
    // Shares count every address with an open task: start from none (earlier tests' predictions were reset).
    await app.storage.d1.prepare("DELETE FROM tasks").run();
    const heavy = randomAddress();
    const heavyTasks = [];
    for (let i = 0; i < 8; i++) {
      const cookie = await withSession(heavy);
      const created = await cookie.post("/api/generate", { model: "flux-schnell", prompt: `heavy ${i}` });
      expect(created.status).toBe(201);
      heavyTasks.push(created.body.task.status);
    }
    // 6 / (1 client + 1) = 3 in flight for the heavy client; the rest waits.
    expect(heavyTasks.filter((status) => status !== "queued")).toHaveLength(3);
    const user = await withSession();
    const mine = await user.post("/api/generate", { model: "flux-schnell", prompt: "a real person" });
    expect(mine.status).toBe(201);
    expect(mine.body.task.status).not.toBe("queued");
  });
});
