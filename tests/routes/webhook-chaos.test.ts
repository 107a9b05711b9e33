import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TEST_SECRETS, type TestApp } from "../helpers/app-server";
import { waitFor } from "../helpers/http-client";
import { listEmulatorPredictions, setFaults, taskIdOfWebhook } from "../helpers/emulator-control";

const TASKS = 200;
const USERS = 20;
const RANK: Record<string, number> = { queued: 0, submitting: 1, starting: 2, processing: 3, succeeded: 4, failed: 4, canceled: 4 };

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({
    vars: {
      MAX_IN_FLIGHT_PER_USER: "6",
      MAX_IN_FLIGHT_GLOBAL: "40",
      MAX_QUEUED_PER_USER: "100",
      GENERATE_RATE_LIMIT_PER_MINUTE: "1000",
    },
  });
  await setFaults(app.emulator.url, {
    seed: 4242,
    webhookDuplicate: 0.3,
    webhookReorder: 0.3,
    webhookDrop: 0.25,
    webhookDropFinal: 0.15,
    failPredictions: 0.1,
    // Every log line becomes a webhook, so there is as much to duplicate and reorder as possible.
    delays: { webhookThrottleMs: 0 },
  });
});
afterAll(async () => {
  await app?.close();
});

/** Watches every task's status rank straight from D1 while the run goes on. */
function watchRanks() {
  const history = new Map<string, number[]>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const rows = await app.storage.d1.prepare("SELECT id, status FROM tasks").all<{ id: string; status: string }>();
      for (const row of rows.results) {
        const ranks = history.get(row.id) ?? [];
        const rank = RANK[row.status]!;
        if (ranks.at(-1) !== rank) ranks.push(rank);
        history.set(row.id, ranks);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return {
    history,
    async stop() {
      running = false;
      await loop;
    },
  };
}

async function reconcile() {
  const response = await fetch(`${app.url}/api/admin/reconcile`, {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_SECRETS.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ older_than_seconds: 0, limit: 500 }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { checked: number; settled: number; promoted: number };
}

async function countOpenTasks() {
  const row = await app.storage.d1.prepare("SELECT count(*) AS n FROM tasks WHERE status_rank < 4").first<{ n: number }>();
  return row!.n;
}

describe(`webhook chaos: ${TASKS} tasks with duplicated, reordered and dropped webhooks`, () => {
  it("every task ends in the provider's final state, never moving backwards", async () => {
    const watcher = watchRanks();
    const browsers = Array.from({ length: USERS }, () => app.browser());
    const created: string[] = [];
    await Promise.all(
      browsers.map(async (browser, user) => {
        for (let i = 0; i < TASKS / USERS; i += 1) {
          const response = await browser.post("/api/generate", {
            model: i % 3 === 0 ? "flux-dev" : "flux-schnell",
            prompt: `chaos ${user}-${i}`,
            is_private: i % 2 === 0,
            num_outputs: 1 + (i % 2),
          });
          expect(response.status).toBe(201);
          created.push(response.body.task.id);
        }
      }),
    );
    expect(created).toHaveLength(TASKS);

    // Let the webhooks that will arrive arrive; then the reconciler settles the rest.
    let rounds = 0;
    let reconciled = 0;
    await waitFor(
      async () => {
        const predictions = await listEmulatorPredictions(app.emulator.url);
        const providerDone = predictions.every((prediction) => ["succeeded", "failed", "canceled"].includes(prediction.status));
        if (!providerDone) return undefined;
        await new Promise((resolve) => setTimeout(resolve, 300));
        if ((await countOpenTasks()) === 0) return true;
        const report = await reconcile();
        reconciled += report.settled;
        rounds += 1;
        return undefined;
      },
      { timeoutMs: 240_000, intervalMs: 200, what: "every task to be terminal" },
    );
    await watcher.stop();

    const tasks = (await app.storage.d1.prepare("SELECT * FROM tasks").all<any>()).results;
    const predictions = await listEmulatorPredictions(app.emulator.url);
    expect(tasks).toHaveLength(TASKS);
    // No task had a second prediction created for it.
    const createsPerTask = new Map<string, number>();
    for (const prediction of predictions) {
      const taskId = taskIdOfWebhook(prediction.webhook)!;
      createsPerTask.set(taskId, (createsPerTask.get(taskId) ?? 0) + 1);
    }
    expect([...createsPerTask.values()].filter((count) => count > 1)).toEqual([]);
    expect(createsPerTask.size).toBe(TASKS);

    const byId = new Map(predictions.map((prediction) => [prediction.id, prediction]));
    let wrong = 0;
    for (const task of tasks) {
      const prediction = byId.get(task.prediction_id);
      if (!prediction || prediction.status !== task.status) wrong += 1;
      if (task.status === "succeeded") {
        const keys = JSON.parse(task.output_keys) as string[];
        expect(keys.length).toBe(JSON.parse(task.params).num_outputs ?? 1);
        for (const key of keys) expect(await app.storage.r2.head(key)).not.toBeNull();
      } else {
        expect(task.error_message, `task ${task.id}`).toBeTruthy();
      }
    }
    expect(wrong).toBe(0);

    const backwards = [...watcher.history.entries()].filter(([, ranks]) => ranks.some((rank, i) => i > 0 && rank < ranks[i - 1]!));
    expect(backwards).toEqual([]);
    expect(reconciled).toBeGreaterThan(0);
    const succeeded = tasks.filter((task) => task.status === "succeeded").length;
    const failed = tasks.filter((task) => task.status === "failed").length;
    expect(succeeded).toBeGreaterThan(TASKS / 2);
    expect(failed).toBeGreaterThan(0);
    process.stdout.write(`${JSON.stringify({ chaos: { tasks: TASKS, succeeded, failed, reconciled, rounds, wrong } })}\n`);
  }, 300_000);
});
