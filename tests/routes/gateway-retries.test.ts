import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TEST_SECRETS, type TestApp } from "../helpers/app-server";
import { listEmulatorPredictions, listEmulatorRequests, setFaults, taskIdOfWebhook } from "../helpers/emulator-control";
import { waitFor } from "../helpers/http-client";

const TASKS = 24;

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({
    vars: {
      MAX_IN_FLIGHT_PER_USER: "50",
      MAX_IN_FLIGHT_GLOBAL: "50",
      MAX_QUEUED_PER_USER: "50",
      GENERATE_RATE_LIMIT_PER_MINUTE: "1000",
      // One browser makes every task here: the per-client limit, fair share and budgets are not what is tested.
      CLIENT_GENERATE_RATE_LIMIT_PER_MINUTE: "0",
      BUDGET_USER_USD_PER_DAY: "0",
      BUDGET_CLIENT_USD_PER_DAY: "0",
      // A create whose answer was lost waits in `submitting` this long before the reconciler settles it.
      SUBMIT_TIMEOUT_SECONDS: "2",
    },
  });
  // An owner turned gateway retries on at the maximum; 30 % of creates fail upstream or lose their answer.
  const gateway = await fetch(`${app.emulator.url}/__emulator/gateway`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ retries: { attempts: 5, delayMs: 100, backoff: "constant" } }),
  });
  expect(gateway.status).toBe(200);
  await setFaults(app.emulator.url, { seed: 11, match: "/predictions", method: "POST", rate5xx: 0.15, rateDrop: 0.15 });
});
afterAll(async () => {
  await app?.close();
});

describe("gateway-level retries switched on (5 attempts)", () => {
  it("never make a second prediction for a task, and no call goes upstream more than 4 times", async () => {
    const browser = app.browser();
    const taskIds: string[] = [];
    for (let i = 0; i < TASKS; i += 1) {
      const response = await browser.post("/api/generate", { model: "flux-schnell", prompt: `gateway retries ${i}` });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      taskIds.push(response.body.task.id);
    }
    await setFaults(app.emulator.url, {});
    await waitFor(
      async () => {
        const open = await app.storage.d1.prepare("SELECT count(*) AS n FROM tasks WHERE status_rank < 4").first<{ n: number }>();
        if (open?.n === 0) return true;
        await fetch(`${app.url}/api/admin/reconcile`, {
          method: "POST",
          headers: { authorization: `Bearer ${TEST_SECRETS.adminToken}`, "content-type": "application/json" },
          body: JSON.stringify({ older_than_seconds: 0, limit: 500 }),
        });
        return undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: "tasks to settle" },
    );

    // Gateway requests only: output files are fetched from the provider's delivery host, not through the gateway.
    const requests = (await listEmulatorRequests(app.emulator.url)).filter((request) => request.path.startsWith("/v1/"));
    const creates = requests.filter((request) => request.method === "POST" && /\/predictions$/.test(request.path));
    // Faults hit the creates (on the last upstream attempt, or on earlier ones the gateway retried).
    expect(creates.filter((request) => request.fault || request.upstreamAttempts > 1).length).toBeGreaterThan(0);
    // Every request told the gateway not to retry, and the gateway obeyed.
    expect(requests.filter((request) => request.headers["cf-aig-max-attempts"] !== "1")).toEqual([]);
    expect(requests.filter((request) => request.upstreamAttempts > 1)).toEqual([]);

    const predictions = await listEmulatorPredictions(app.emulator.url);
    const perTask = new Map<string, number>();
    for (const prediction of predictions) {
      const id = taskIdOfWebhook(prediction.webhook);
      if (id) perTask.set(id, (perTask.get(id) ?? 0) + 1);
    }
    expect([...perTask.entries()].filter(([, count]) => count > 1)).toEqual([]);

    // The client's own attempts per call (each one upstream attempt) stay within 1 + 3 retries.
    const calls = (await app.storage.d1.prepare("SELECT attempts FROM gateway_calls").all<{ attempts: number }>()).results;
    expect(calls.length).toBeGreaterThanOrEqual(TASKS);
    expect(Math.max(...calls.map((call) => call.attempts))).toBeLessThanOrEqual(4);
  }, 120_000);
});
