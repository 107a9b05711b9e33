import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readSpendTotals } from "../../db/queries/spend";
import { startTestApp, type TestApp } from "../helpers/app-server";
import { resetEmulator, setFaults } from "../helpers/emulator-control";
import { type TestBrowser, waitFor } from "../helpers/http-client";

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

// What one image of each model reserves (README's model table), in micro-dollars.
const PRICE = { "flux-schnell": 3_000, "flux-dev": 25_000, "flux-pro": 55_000, "flux-general": 32_000 } as const;
const FOUR_MODELS = Object.keys(PRICE) as (keyof typeof PRICE)[];
const TERMINAL = ["succeeded", "failed", "canceled"];
const today = () => new Date().toISOString().slice(0, 10);

async function signedIn(): Promise<{ browser: TestBrowser; userId: string }> {
  const browser = app.browser();
  const me = await browser.get("/api/me");
  expect(me.status).toBe(200);
  return { browser, userId: me.body.user.id };
}

async function reservedMicros(userId: string): Promise<number> {
  return (await readSpendTotals(app.storage.db, { day: today(), userId, clientKey: "none" })).user;
}

async function storedRows(userId: string): Promise<{ tasks: number; runs: number }> {
  const tasks = await app.storage.d1.prepare("SELECT count(*) AS n FROM tasks WHERE user_id = ?").bind(userId).first<{ n: number }>();
  const runs = await app.storage.d1.prepare("SELECT count(*) AS n FROM runs WHERE user_id = ?").bind(userId).first<{ n: number }>();
  return { tasks: tasks!.n, runs: runs!.n };
}

async function runSettled(browser: TestBrowser, runId: string) {
  return waitFor(
    async () => {
      const run = (await browser.get(`/api/runs/${runId}`)).body.run;
      return run.tasks.every((task: { status: string }) => TERMINAL.includes(task.status)) ? run : undefined;
    },
    { what: `run ${runId} to end`, timeoutMs: 30_000 },
  );
}

describe("POST /api/runs: compare", () => {
  it("starts one task per model in order, queues those beyond the cap, reserves the exact total and settles it", async () => {
    app.setVars({ MAX_IN_FLIGHT_PER_USER: "2" });
    // Slow enough that the queued half is still queued when the answer is read.
    await setFaults(app.emulator.url, { delays: { startMs: 300, stepMs: 20 } });
    const { browser, userId } = await signedIn();
    const created = await browser.post("/api/runs", { models: FOUR_MODELS, prompt: "a red bicycle against a white wall", aspect_ratio: "1:1" });
    expect(created.status).toBe(201);
    const { run } = created.body;
    expect(run.id).toMatch(/^run_[0-9a-f]{32}$/);
    expect(run.is_private).toBe(false);
    expect(run.tasks.map((task: any) => task.model)).toEqual(FOUR_MODELS);
    expect(run.tasks.every((task: any) => task.run_id === run.id && task.prompt === "a red bicycle against a white wall")).toBe(true);
    expect(run.tasks.every((task: any) => task.aspect_ratio === "1:1" && task.starred === false)).toBe(true);
    // Two start, two wait for a slot.
    expect(run.tasks.map((task: any) => task.status === "queued")).toEqual([false, false, true, true]);
    const total = FOUR_MODELS.reduce((sum, key) => sum + PRICE[key], 0);
    expect(await reservedMicros(userId)).toBe(total);

    const done = await runSettled(browser, run.id);
    expect(done.tasks.map((task: any) => task.status)).toEqual(["succeeded", "succeeded", "succeeded", "succeeded"]);
    expect(done.tasks.map((task: any) => task.cost_usd)).toEqual(FOUR_MODELS.map((key) => PRICE[key] / 1_000_000));
    expect(await reservedMicros(userId)).toBe(total);
    expect(await storedRows(userId)).toEqual({ tasks: 4, runs: 1 });
  });

  it("one model failing gives back its share only", async () => {
    const { browser, userId } = await signedIn();
    // Every create of flux-pro is refused by the provider: that task fails, the others succeed.
    await setFaults(app.emulator.url, { rate429: 1, retryAfterSeconds: 0, match: "flux-pro/predictions", method: "POST" });
    const created = await browser.post("/api/runs", { models: FOUR_MODELS, prompt: "a lighthouse at dusk" });
    expect(created.status).toBe(201);
    const done = await runSettled(browser, created.body.run.id);
    expect(done.tasks.map((task: any) => [task.model, task.status])).toEqual([
      ["flux-schnell", "succeeded"],
      ["flux-dev", "succeeded"],
      ["flux-pro", "failed"],
      ["flux-general", "succeeded"],
    ]);
    expect(done.tasks[2].cost_usd).toBeNull();
    expect(await reservedMicros(userId)).toBe(PRICE["flux-schnell"] + PRICE["flux-dev"] + PRICE["flux-general"]);
  });

  it("refuses a run at the budget's edge whole: 20 concurrent attempts, 0 overshoot", async () => {
    // Each run (schnell + dev) costs $0.028: three fit in $0.10, a fourth would not.
    app.setVars({
      BUDGET_USER_USD_PER_DAY: "0.1",
      GENERATE_RATE_LIMIT_PER_MINUTE: "0",
      CLIENT_GENERATE_RATE_LIMIT_PER_MINUTE: "0",
      MAX_QUEUED_PER_USER: "0",
    });
    await setFaults(app.emulator.url, { delays: { startMs: 20_000 } });
    const { browser, userId } = await signedIn();
    const attempts = await Promise.all(
      Array.from({ length: 20 }, (_, i) => browser.post("/api/runs", { models: ["flux-schnell", "flux-dev"], prompt: `attempt ${i}` })),
    );
    const statuses = attempts.map((attempt) => attempt.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(17);
    const refusal = attempts.find((attempt) => attempt.status === 429)!;
    expect(refusal.body.error.code).toBe("budget_exceeded");
    expect(refusal.body.error.message).toMatch(/^Today's budget of \$0\.10? has \$0\.016 left, less than this costs \(\$0\.028\); it resets in /);
    expect(Number(refusal.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await reservedMicros(userId)).toBe(3 * 28_000);
    expect(await storedRows(userId)).toEqual({ tasks: 6, runs: 3 });
  });
});

describe("POST /api/runs: the queue", () => {
  it("refuses a run whose tasks could not all wait, reserving and storing nothing", async () => {
    app.setVars({ MAX_IN_FLIGHT_PER_USER: "1", MAX_QUEUED_PER_USER: "3" });
    await setFaults(app.emulator.url, { delays: { startMs: 20_000 } });
    const { browser, userId } = await signedIn();
    const first = await browser.post("/api/runs", { model: "flux-schnell", prompts: ["one", "two", "three"] });
    expect(first.status).toBe(201);
    expect(first.body.run.tasks.map((task: any) => task.status === "queued")).toEqual([false, true, true]);
    const refused = await browser.post("/api/runs", { model: "flux-schnell", prompts: ["four", "five"] });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("queue_full");
    expect(refused.body.error.message).toBe(
      "You already have 2 images waiting and this asks for 2 more; at most 3 may wait. Wait for some to finish.",
    );
    expect(await storedRows(userId)).toEqual({ tasks: 3, runs: 1 });
    expect(await reservedMicros(userId)).toBe(3 * PRICE["flux-schnell"]);
  });
});

describe("POST /api/runs: several prompts", () => {
  it("starts one task per prompt on one model, private when asked, and its owner alone sees it", async () => {
    const { browser, userId } = await signedIn();
    const prompts = ["a fox in snow", "  a heron at dawn  ", "a koi pond"];
    const created = await browser.post("/api/runs", { model: "flux-schnell", prompts, is_private: true, num_outputs: 2 });
    expect(created.status).toBe(201);
    const { run } = created.body;
    expect(run.is_private).toBe(true);
    expect(run.tasks.map((task: any) => [task.model, task.prompt, task.is_private, task.settings.num_outputs])).toEqual([
      ["flux-schnell", "a fox in snow", true, 2],
      ["flux-schnell", "a heron at dawn", true, 2],
      ["flux-schnell", "a koi pond", true, 2],
    ]);
    expect(await reservedMicros(userId)).toBe(3 * 2 * PRICE["flux-schnell"]);
    const done = await runSettled(browser, run.id);
    expect(done.tasks.every((task: any) => task.images.length === 2)).toBe(true);

    const stranger = await signedIn();
    const hidden = await stranger.browser.get(`/api/runs/${run.id}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe("not_found");
    expect((await app.browser().get(`/api/runs/${run.id}`)).status).toBe(404);
  });

  it("a public run is seen by anyone", async () => {
    const { browser } = await signedIn();
    const created = await browser.post("/api/runs", { model: "flux-schnell", prompts: ["a paper boat"] });
    expect(created.status).toBe(201);
    const seen = await app.browser().get(`/api/runs/${created.body.run.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.run.tasks.map((task: any) => task.prompt)).toEqual(["a paper boat"]);
  });
});

describe("POST /api/runs: bad input names the problem, reserves nothing and stores nothing", () => {
  const cases: [string, unknown, RegExp][] = [
    [
      "five models",
      { models: ["flux-schnell", "flux-dev", "flux-pro", "flux-general", "flux-2-dev"], prompt: "x" },
      /^models: compare at most 4 models/,
    ],
    ["one model", { models: ["flux-schnell"], prompt: "x" }, /^models: compare at least 2 models/],
    ["eleven prompts", { model: "flux-schnell", prompts: Array.from({ length: 11 }, (_, i) => `p${i}`) }, /^prompts: at most 10 prompts/],
    ["a model twice", { models: ["flux-schnell", "flux-dev", "flux-schnell"], prompt: "x" }, /^models: flux-schnell is named twice/],
    [
      "an editing model without its image",
      { models: ["flux-schnell", "flux-kontext-pro"], prompt: "make it blue" },
      /^models\[1\] \(flux-kontext-pro\): input_image: .*edits an image/,
    ],
    ["a setting one model lacks", { models: ["flux-general", "flux-schnell"], prompt: "x", lora_scale: 1 }, /^models\[1\] \(flux-schnell\): /],
    ["an empty prompt line", { model: "flux-schnell", prompts: ["a cat", "   ", "a dog"] }, /^prompts\.1: is empty/],
    ["an unknown model", { models: ["flux-schnell", "flux-9"], prompt: "x" }, /^models\.1: must be one of /],
    ["no shape", { prompt: "x" }, /^A run takes either `models`/],
    ["both shapes", { models: ["flux-schnell", "flux-dev"], prompt: "x", prompts: ["y"] }, /^prompts: /],
    [
      "an empty compare prompt",
      { models: ["flux-schnell", "flux-dev"], prompt: "  " },
      /^models\[0\] \(flux-schnell\): prompt: Write a prompt first/,
    ],
  ];
  for (const [name, body, message] of cases) {
    it(name, async () => {
      const { browser, userId } = await signedIn();
      const refused = await browser.post("/api/runs", body);
      expect(refused.status).toBe(422);
      expect(refused.body.error.code).toBe("invalid_input");
      expect(refused.body.error.message).toMatch(message);
      expect(await storedRows(userId)).toEqual({ tasks: 0, runs: 0 });
      expect(await reservedMicros(userId)).toBe(0);
    });
  }

  it("a reference image the caller may not see is a 404, with nothing reserved", async () => {
    const { browser, userId } = await signedIn();
    const refused = await browser.post("/api/runs", {
      models: ["flux-2-dev", "flux-2-pro"],
      prompt: "x",
      input_images: ["upl_00000000000000000000000000000000"],
    });
    expect(refused.status).toBe(404);
    expect(await storedRows(userId)).toEqual({ tasks: 0, runs: 0 });
    expect(await reservedMicros(userId)).toBe(0);
  });
});

describe("POST /api/runs: the gate every write has", () => {
  it("needs a session, refuses other origins, non-JSON bodies and oversized ones", async () => {
    const body = JSON.stringify({ models: ["flux-schnell", "flux-dev"], prompt: "x" });
    const anonymous = await fetch(`${app.url}/api/runs`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(anonymous.status).toBe(401);
    const { browser, userId } = await signedIn();
    const crossSite = await browser.request("POST", "/api/runs", {
      body,
      headers: { "content-type": "application/json", origin: "https://evil.example" },
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.error.code).toBe("cross_origin");
    const asForm = await browser.request("POST", "/api/runs", { body, headers: { "content-type": "text/plain" } });
    expect(asForm.status).toBe(415);
    const huge = await browser.post("/api/runs", { models: ["flux-schnell", "flux-dev"], prompt: "x".repeat(70 * 1024) });
    expect(huge.status).toBe(413);
    const broken = await browser.request("POST", "/api/runs", { body: "{", headers: { "content-type": "application/json" } });
    expect(broken.status).toBe(400);
    expect(await storedRows(userId)).toEqual({ tasks: 0, runs: 0 });
  });

  it("an unknown run is a 404", async () => {
    const missing = await app.browser().get("/api/runs/run_00000000000000000000000000000000");
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not_found");
  });
});
