import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestApp, TEST_SECRETS, type TestApp } from "../helpers/app-server";
import { listEmulatorPredictions, listEmulatorRequests, resetEmulator, setFaults, taskIdOfWebhook } from "../helpers/emulator-control";
import { randomAddress, waitFor, type TestBrowser } from "../helpers/http-client";

// A cancel that arrives while the task's create call is still in flight must neither lose the cancel nor leave a
// paid prediction running unrecorded: every prediction ends canceled at the provider or is charged for what it made.

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

const DEV_PRICE = 0.025;
const TERMINAL = ["succeeded", "failed", "canceled"];
const PROVIDER_ENDED = ["succeeded", "failed", "canceled", "aborted"];
// Slow enough that a cancel can always reach a prediction before it finishes (28 steps), and webhooks late
// enough that the create's answer, not a webhook, is what first tells the app the prediction's id.
const PACE = { startMs: 200, stepMs: 100, webhookMs: 2000 };

async function newPayer(): Promise<TestBrowser> {
  const browser = app.browser({ address: randomAddress() });
  expect((await browser.get("/api/me")).status).toBe(200);
  return browser;
}

/** POST /api/generate left running, and the task's id as soon as the task list shows it. */
async function generateAndFindTask(payer: TestBrowser, prompt: string) {
  const request = payer.post("/api/generate", { model: "flux-dev", prompt, num_outputs: 4 });
  const id = await waitFor(
    async () => {
      const tasks = (await payer.get("/api/tasks")).body.tasks as { id: string; prompt: string }[];
      return tasks.find((task) => task.prompt === prompt)?.id;
    },
    { what: "the task to be listed", intervalMs: 5 },
  );
  return { request, id };
}

async function settled(payer: TestBrowser, id: string, reconcile = false) {
  return waitFor(
    async () => {
      if (reconcile) await reconcileNow();
      const task = (await payer.get(`/api/tasks/${id}`)).body.task;
      return TERMINAL.includes(task.status) ? task : undefined;
    },
    { what: `task ${id} to end`, timeoutMs: 30_000, intervalMs: 100 },
  );
}

async function reconcileNow() {
  const response = await fetch(`${app.url}/api/admin/reconcile`, {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_SECRETS.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ older_than_seconds: 0 }),
  });
  expect(response.status).toBe(200);
}

/** The provider's own account of the task's predictions, once every one of them has ended. */
async function predictionsOf(taskId: string) {
  return waitFor(
    async () => {
      const mine = (await listEmulatorPredictions(app.emulator.url)).filter((p) => taskIdOfWebhook(p.webhook) === taskId);
      return mine.every((p) => PROVIDER_ENDED.includes(p.status)) ? mine : undefined;
    },
    { what: `the predictions of ${taskId} to end at the provider`, timeoutMs: 30_000 },
  );
}

const imagesMade = (prediction: { status: string; output: unknown }) =>
  prediction.status === "aborted" ? 0 : Array.isArray(prediction.output) ? prediction.output.length : prediction.output ? 1 : 0;

/** What must hold after any cancel race: the spend equals what the provider delivered, and nothing runs on. */
async function expectChargedForWhatWasMade(payer: TestBrowser, taskId: string, { reconcile = false, otherSpendUsd = 0 } = {}) {
  const task = await settled(payer, taskId, reconcile);
  const predictions = await predictionsOf(taskId);
  expect(predictions.length).toBeLessThanOrEqual(1);
  const made = predictions.reduce((sum, p) => sum + imagesMade(p), 0);
  expect(task.cost_usd ?? 0).toBeCloseTo(made * DEV_PRICE, 6);
  const spend = (await payer.get("/api/me")).body.spend;
  expect(spend.today_usd).toBeCloseTo(made * DEV_PRICE + otherSpendUsd, 6);
  if (made === 0) expect(task.status).toBe("canceled");
  return { task, predictions, made };
}

describe("a cancel while the create call is in flight", () => {
  it.each([0, 300, 1500])("with a create that answers after %i ms, the prediction is canceled or charged", async (latencyMs) => {
    await setFaults(app.emulator.url, { rateSlow: 1, slowMs: latencyMs, match: "flux-dev/predictions", method: "POST", delays: PACE });
    const payer = await newPayer();
    const { request, id } = await generateAndFindTask(payer, `race at ${latencyMs} ms`);
    const canceled = await payer.post(`/api/tasks/${id}/cancel`);
    expect(canceled.status).toBe(200);
    // Either already ended, or canceling: never a task that reads as ended while its prediction runs on.
    expect(canceled.body.task.cancel_requested || canceled.body.task.status === "canceled").toBe(true);
    expect((await request).status).toBe(201);
    const { task, predictions } = await expectChargedForWhatWasMade(payer, id);
    expect(task.status).toBe("canceled");
    expect(predictions.map((p) => p.status)).toEqual(predictions.length === 0 ? [] : [expect.stringMatching(/^(canceled|aborted)$/)]);
  });

  it("while it is canceling, the task keeps its in-flight slot", async () => {
    app.setVars({ MAX_IN_FLIGHT_PER_USER: "1" });
    await setFaults(app.emulator.url, { rateSlow: 1, slowMs: 1500, match: "flux-dev/predictions", method: "POST", delays: PACE });
    const payer = await newPayer();
    const { request, id } = await generateAndFindTask(payer, "holds its slot");
    const canceled = await payer.post(`/api/tasks/${id}/cancel`);
    expect(canceled.body.task).toMatchObject({ status: "submitting", cancel_requested: true });
    const next = await payer.post("/api/generate", { model: "flux-schnell", prompt: "waits for the slot" });
    expect(next.status).toBe(201);
    expect(next.body.task.status).toBe("queued");
    await request;
    const after = await settled(payer, next.body.task.id);
    expect(after.status).toBe("succeeded");
    await expectChargedForWhatWasMade(payer, id, { otherSpendUsd: 0.003 });
  });

  it("when the create times out and its webhooks are lost, the reconciler finds the prediction and cancels it", async () => {
    app.setVars({ PROVIDER_TIMEOUT_SECONDS: "1", RECONCILE_AFTER_SECONDS: "1" });
    await setFaults(app.emulator.url, {
      rateSlow: 1,
      slowMs: 2500,
      match: "flux-dev/predictions",
      method: "POST",
      webhookDrop: 1,
      delays: { ...PACE, stepMs: 400 },
    });
    const payer = await newPayer();
    const { request, id } = await generateAndFindTask(payer, "lost create answer");
    const canceled = await payer.post(`/api/tasks/${id}/cancel`);
    expect(canceled.body.task).toMatchObject({ status: "submitting", cancel_requested: true });
    // The create's answer never arrives in time: the outcome is unknown and the task waits, canceling.
    expect((await request).body.task).toMatchObject({ status: "submitting" });
    const { task, predictions } = await expectChargedForWhatWasMade(payer, id, { reconcile: true });
    expect(predictions).toHaveLength(1);
    expect(task.status).toBe("canceled");
  });

  it("a cancel that comes too late charges what the prediction made", async () => {
    app.setVars({ PROVIDER_TIMEOUT_SECONDS: "1", RECONCILE_AFTER_SECONDS: "1" });
    // The prediction finishes while its create's answer is lost and no webhook arrives.
    await setFaults(app.emulator.url, {
      rateSlow: 1,
      slowMs: 2500,
      match: "flux-dev/predictions",
      method: "POST",
      webhookDrop: 1,
      delays: { startMs: 0, stepMs: 0, webhookMs: 0 },
    });
    const payer = await newPayer();
    const { request, id } = await generateAndFindTask(payer, "too late to cancel");
    await waitFor(
      async () =>
        (await listEmulatorPredictions(app.emulator.url)).some((p) => taskIdOfWebhook(p.webhook) === id && p.status === "succeeded")
          ? true
          : undefined,
      {
        what: "the prediction to finish",
      },
    );
    expect((await payer.post(`/api/tasks/${id}/cancel`)).status).toBe(200);
    await request;
    const { task, made } = await expectChargedForWhatWasMade(payer, id, { reconcile: true });
    expect(made).toBe(4);
    expect(task.status).toBe("succeeded");
    expect(task.images).toHaveLength(4);
  });

  it("a create that made nothing ends canceled and refunded once the provider's list confirms it", async () => {
    app.setVars({ PROVIDER_TIMEOUT_SECONDS: "1", RECONCILE_AFTER_SECONDS: "1" });
    // The connection drops before the request reaches the provider (seed 1: the emulator's coin says so).
    await setFaults(app.emulator.url, { rateDrop: 1, seed: 1, match: "flux-dev/predictions", method: "POST", delays: PACE });
    const payer = await newPayer();
    const { request, id } = await generateAndFindTask(payer, "never arrived");
    const created = await request;
    expect(created.body.task).toMatchObject({ status: "submitting" });
    expect(await listEmulatorPredictions(app.emulator.url)).toEqual([]);
    await setFaults(app.emulator.url, { delays: PACE });
    expect((await payer.post(`/api/tasks/${id}/cancel`)).body.task.cancel_requested).toBe(true);
    const { task } = await expectChargedForWhatWasMade(payer, id, { reconcile: true });
    expect(task.status).toBe("canceled");
    expect(task.cost_usd).toBeNull();
  });
});

describe("lost creates found by the reconciler", () => {
  const listReads = async () =>
    (await listEmulatorRequests(app.emulator.url)).filter((r) => r.method === "GET" && /\/replicate\/predictions(\?|$)/.test(r.path)).length;

  it("one pass reads the provider's list once for all of them; each is charged for what it made", async () => {
    app.setVars({ PROVIDER_TIMEOUT_SECONDS: "1", SUBMIT_TIMEOUT_SECONDS: "1", RECONCILE_AFTER_SECONDS: "1", MAX_IN_FLIGHT_PER_USER: "3" });
    // Every create's connection drops (before or after the provider got it) and every webhook is lost: only the
    // provider's list can say which of them made a prediction.
    await setFaults(app.emulator.url, { rateDrop: 1, seed: 1, webhookDrop: 1, match: "flux-dev/predictions", method: "POST", delays: PACE });
    const payer = await newPayer();
    const created = await Promise.all(
      ["lost one", "lost two", "lost three"].map((prompt) => payer.post("/api/generate", { model: "flux-dev", prompt, num_outputs: 2 })),
    );
    const ids: string[] = created.map((answer) => {
      expect(answer.body.task.status).toBe("submitting");
      return answer.body.task.id;
    });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const before = await listReads();
    await reconcileNow();
    expect((await listReads()) - before).toBe(1);
    let madeInAll = 0;
    for (const id of ids) {
      const task = await settled(payer, id, true);
      const made = (await predictionsOf(id)).reduce((sum, p) => sum + imagesMade(p), 0);
      expect(task.cost_usd ?? 0).toBeCloseTo(made * DEV_PRICE, 6);
      if (made === 0) expect(task.error?.code).toMatch(/^(submit_unconfirmed|canceled|aborted)$/);
      madeInAll += made;
    }
    expect((await payer.get("/api/me")).body.spend.today_usd).toBeCloseTo(madeInAll * DEV_PRICE, 6);
  });
});
