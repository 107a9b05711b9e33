import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leakedSecrets, startTestApp, TEST_SECRETS, type TestApp } from "../helpers/app-server";
import { waitFor } from "../helpers/http-client";
import { listEmulatorPredictions, listEmulatorRequests, setFaults, taskIdOfWebhook } from "../helpers/emulator-control";

const USERS = 8;
const TASKS_PER_USER = 8;
const PROMPTS = 16;

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({
    vars: {
      MAX_IN_FLIGHT_PER_USER: "3",
      MAX_IN_FLIGHT_GLOBAL: "20",
      MAX_QUEUED_PER_USER: "50",
      GENERATE_RATE_LIMIT_PER_MINUTE: "1000",
      PROMPT_RATE_LIMIT_PER_MINUTE: "1000",
      PROVIDER_TIMEOUT_SECONDS: "1",
      SUBMIT_TIMEOUT_SECONDS: "2",
    },
  });
  // 30 % of provider requests fail: 429 with Retry-After, 5xx, dropped connections, answers too slow for the timeout.
  await setFaults(app.emulator.url, {
    seed: 99,
    rate429: 0.1,
    retryAfterSeconds: 1,
    rate5xx: 0.1,
    rateDrop: 0.05,
    rateSlow: 0.05,
    slowMs: 1500,
  });
});
afterAll(async () => {
  await app?.close();
});

async function reconcile() {
  const response = await fetch(`${app.url}/api/admin/reconcile`, {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_SECRETS.adminToken}` },
  });
  expect(response.status).toBe(200);
  await fetch(`${app.url}/api/admin/reconcile`, {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_SECRETS.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ older_than_seconds: 0, limit: 500 }),
  });
}

describe("provider faults at 30 %", () => {
  it("every task ends terminal with a reason, and no task gets a second prediction", async () => {
    const browsers = Array.from({ length: USERS }, () => app.browser());
    const statuses: number[] = [];
    const taskIds: string[] = [];
    const promptBodies: any[] = [];
    await Promise.all([
      ...browsers.map(async (browser, user) => {
        for (let i = 0; i < TASKS_PER_USER; i += 1) {
          const response = await browser.post("/api/generate", { model: "flux-schnell", prompt: `fault ${user}-${i}` });
          statuses.push(response.status);
          if (response.status === 201) taskIds.push(response.body.task.id);
        }
      }),
      (async () => {
        for (let i = 0; i < PROMPTS; i += 1) {
          const response = await browsers[i % USERS]!.post("/api/prompt", { prompt: `improve fault prompt ${i}` });
          statuses.push(response.status);
          promptBodies.push(response.body);
        }
      })(),
    ]);
    expect(statuses.filter((status) => status === 500)).toEqual([]);
    expect(taskIds).toHaveLength(USERS * TASKS_PER_USER);
    for (const body of promptBodies.filter((b) => b.error)) {
      expect(body.error.message.length).toBeGreaterThan(10);
      expect(["rate_limited", "provider_unavailable", "provider_timeout", "provider_error"]).toContain(body.error.code);
    }

    // With faults on, the reconciler keeps retrying safe reads; then faults stop and the rest settles.
    await waitFor(
      async () => {
        const open = await app.storage.d1.prepare("SELECT count(*) AS n FROM tasks WHERE status_rank < 4").first<{ n: number }>();
        if (open!.n === 0) return true;
        await reconcile();
        return undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: "tasks to settle while faults are on" },
    ).catch(async () => {
      await setFaults(app.emulator.url, {});
      await waitFor(
        async () => {
          const open = await app.storage.d1.prepare("SELECT count(*) AS n FROM tasks WHERE status_rank < 4").first<{ n: number }>();
          if (open!.n === 0) return true;
          await reconcile();
          return undefined;
        },
        { timeoutMs: 90_000, intervalMs: 500, what: "tasks to settle after faults stop" },
      );
    });

    const tasks = (await app.storage.d1.prepare("SELECT id, status, error_code, error_message FROM tasks").all<any>()).results;
    expect(tasks).toHaveLength(USERS * TASKS_PER_USER);
    expect(tasks.filter((task) => !["succeeded", "failed", "canceled"].includes(task.status))).toEqual([]);
    const failed = tasks.filter((task) => task.status !== "succeeded");
    for (const task of failed) {
      expect(task.error_code, task.id).toBeTruthy();
      expect(task.error_message.length, task.id).toBeGreaterThan(10);
    }

    const predictions = await listEmulatorPredictions(app.emulator.url);
    const perTask = new Map<string, number>();
    for (const prediction of predictions) {
      const id = taskIdOfWebhook(prediction.webhook)!;
      perTask.set(id, (perTask.get(id) ?? 0) + 1);
    }
    expect([...perTask.entries()].filter(([, count]) => count > 1)).toEqual([]);

    const requests = await listEmulatorRequests(app.emulator.url);
    const faulted = requests.filter((request) => request.fault).length;
    expect(faulted).toBeGreaterThan(requests.length * 0.1);
    const succeeded = tasks.length - failed.length;
    process.stdout.write(
      `${JSON.stringify({ faults: { tasks: tasks.length, succeeded, failed: failed.length, providerRequests: requests.length, faulted, prompts: PROMPTS, promptErrors: promptBodies.filter((b) => b.error).length } })}\n`,
    );
  }, 240_000);

  it("the server's log of the whole run holds no secret", () => {
    expect(app.logLines.length).toBeGreaterThan(100);
    expect(leakedSecrets(app.logLines)).toEqual([]);
  });
});
