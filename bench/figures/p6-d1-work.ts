import { fileURLToPath } from "node:url";
import { startEmulator } from "../../emulator/server";
import type { Figure } from "../lib/figure";
import { sleep } from "../lib/load";
import { createMeteredStorage, type D1Tally } from "../lib/metered-d1";
import { provideRequestContext } from "../lib/request-context";
import { startRouteHarness, type RouteSpec, type ServedRequest } from "../lib/route-harness";
import { SessionClient } from "../lib/session-client";
import { benchSecrets } from "../lib/stack";
import { round } from "../lib/stats";

const TASKS = 5;
const POLL_MS = 20;

type Handler = RouteSpec["handler"];

async function loadRoutes(): Promise<RouteSpec[]> {
  // Imported only now, after provideRequestContext has redirected next-on-pages.
  const generate = await import("../../app/api/generate/route");
  const task = await import("../../app/api/tasks/[id]/route");
  const tasks = await import("../../app/api/tasks/route");
  const webhook = await import("../../app/api/webhooks/replicate/route");
  const me = await import("../../app/api/me/route");
  return [
    { name: "session", method: "GET", pattern: /^\/api\/me$/, handler: me.GET as unknown as Handler },
    { name: "create", method: "POST", pattern: /^\/api\/generate$/, handler: generate.POST as unknown as Handler },
    { name: "taskRead", method: "GET", pattern: /^\/api\/tasks\/(?<id>[^/]+)$/, handler: task.GET as unknown as Handler },
    { name: "historyPage", method: "GET", pattern: /^\/api\/tasks$/, handler: tasks.GET as unknown as Handler },
    { name: "webhook", method: "POST", pattern: /^\/api\/webhooks\/replicate$/, handler: webhook.POST as unknown as Handler },
  ];
}

interface Delivery {
  predictionId: string;
  event: string;
  webhookId: string;
  url: string;
  status: number | null;
}

function perRequest(requests: ServedRequest[]) {
  const pick = (f: (t: D1Tally) => number) => requests.map((r) => f(r.tally));
  const stats = (values: number[]) => ({ max: Math.max(...values), mean: round(values.reduce((a, b) => a + b, 0) / values.length) });
  return {
    requests: requests.length,
    statements: stats(pick((t) => t.statements)),
    roundTrips: stats(pick((t) => t.roundTrips)),
    rowsWritten: stats(pick((t) => t.rowsWritten)),
    rowsRead: stats(pick((t) => t.rowsRead)),
    statuses: [...new Set(requests.map((r) => r.status))],
  };
}

/** Rows written by statement kind over a set of requests: where a finished task's writes go. */
function writesByStatement(requests: ServedRequest[]) {
  const totals = new Map<string, { statements: number; rowsWritten: number }>();
  for (const request of requests) {
    for (const entry of request.tally.log) {
      const key = `${request.route}: ${entry.statement}`;
      const total = totals.get(key) ?? { statements: 0, rowsWritten: 0 };
      total.statements += 1;
      total.rowsWritten += entry.rowsWritten;
      totals.set(key, total);
    }
  }
  return [...totals].map(([statement, t]) => ({ statement, ...t })).sort((a, b) => b.rowsWritten - a.rowsWritten);
}

/**
 * P6: D1 work per request, counted (not timed). The app's real route handlers run in this process on a real
 * workerd D1 (miniflare) with the emulator's signed webhooks coming back over HTTP; every statement is charged
 * to the request that issued it, with D1's own meta (rows_written counts index entries, as D1 bills them).
 */
export async function measureD1Work(root: string): Promise<Figure[]> {
  const secrets = benchSecrets();
  const storage = await createMeteredStorage(fileURLToPath(new URL("db/migrations/", `file://${root}/`)));
  const emulator = await startEmulator({
    port: 0,
    gatewayToken: secrets.gatewayToken,
    replicateApiToken: secrets.replicateApiToken,
    geminiApiKey: secrets.geminiApiKey,
    webhookSecret: secrets.webhookSecret,
    delays: { startMs: 0, stepMs: 0, webhookMs: 0, webhookRetryMs: 0 },
  });
  provideRequestContext({ env: {} });
  const harness = await startRouteHarness(await loadRoutes());
  try {
    // Default caps and limits: this counts what production does per request.
    provideRequestContext({
      env: {
        DB: storage.d1,
        IMAGES: storage.r2,
        CLOUDFLARE_AI_GATEWAY_URL: `${emulator.url}/v1/bench-account/bench-gateway`,
        CLOUDFLARE_AI_GATEWAY_TOKEN: secrets.gatewayToken,
        REPLICATE_API_TOKEN: secrets.replicateApiToken,
        REPLICATE_WEBHOOK_SECRET: secrets.webhookSecret,
        GEMINI_API_KEY: secrets.geminiApiKey,
        APP_ENV: "production",
        APP_URL: harness.url,
        SESSION_SECRET: secrets.sessionSecret,
        ADMIN_TOKEN: secrets.adminToken,
        REPLICATE_OUTPUT_HOSTS: new URL(emulator.url).host,
      },
    });
    const quiet = silenceConsole();
    const client = new SessionClient(harness.url);
    const taskIds: string[] = [];
    let refundedTaskId = "";
    try {
      for (let i = 0; i < TASKS; i++) {
        const created = await client.post<{ task?: { id: string } }>("/api/generate", {
          model: "flux-schnell",
          prompt: `a paper boat, study ${i}`,
          aspect_ratio: "1:1",
        });
        const id = created.body.task?.id;
        if (created.status !== 201 || !id) throw new Error(`create answered ${created.status}: ${JSON.stringify(created.body)}`);
        taskIds.push(id);
        await waitForCompletedDelivery(emulator.url, client, id);
      }
      for (let i = 0; i < 3; i++) await client.get("/api/tasks?limit=20");
      // One task that delivers 1 of the 2 images asked for (the emulator's safety filter drops one): its end
      // gives half the reservation back, so its terminal UPDATE shows what a settlement with a refund writes.
      const partial = await client.post<{ task?: { id: string } }>("/api/generate", {
        model: "flux-schnell",
        prompt: "a paper boat [nsfw:1]",
        num_outputs: 2,
      });
      if (partial.status !== 201 || !partial.body.task) throw new Error(`create answered ${partial.status}: ${JSON.stringify(partial.body)}`);
      refundedTaskId = partial.body.task.id;
      await waitForCompletedDelivery(emulator.url, client, refundedTaskId);
    } finally {
      quiet.restore();
    }

    const deliveries = (await (await fetch(`${emulator.url}/__emulator/webhooks`)).json()) as Delivery[];
    const eventOf = new Map(deliveries.map((d) => [d.webhookId, d.event]));
    const served = harness.served;
    const allCreates = served.filter((r) => r.route === "create");
    const creates = allCreates.slice(0, TASKS);
    const reads = served.filter((r) => r.route === "taskRead");
    const pages = served.filter((r) => r.route === "historyPage");
    const webhooks = served.filter((r) => r.route === "webhook");
    const byEvent = Object.fromEntries(
      [...new Set(webhooks.map((w) => eventOf.get(w.headers.get("webhook-id") ?? "") ?? "unknown"))].map((event) => [
        event,
        perRequest(webhooks.filter((w) => (eventOf.get(w.headers.get("webhook-id") ?? "") ?? "unknown") === event)),
      ]),
    );
    const finished = taskIds.map((id, index) => {
      const own = [
        creates[index]!,
        ...webhooks.filter((w) => w.url.searchParams.get("task") === id),
        ...reads.filter((r) => r.url.pathname.endsWith(`/${id}`)),
      ];
      const sum = (f: (t: D1Tally) => number) => own.reduce((total, r) => total + f(r.tally), 0);
      return {
        rowsWritten: sum((t) => t.rowsWritten),
        rowsChanged: sum((t) => t.rowsChanged),
        statements: sum((t) => t.statements),
        webhooks: own.filter((r) => r.route === "webhook").length,
        r2Puts: own.reduce((total, r) => total + (storage.r2Puts.get(r.tally) ?? 0), 0),
        requests: own,
      };
    });
    // Outside any tally: what each write to `tasks` has to keep up to date besides the row itself.
    const indexes = (
      await storage.d1
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tasks'")
        .all<{ name: string; sql: string | null }>()
    ).results;
    // The first task is a new user's and client address's first of the day (the first of the day for everyone,
    // too): it creates their rate-limit and spend rows. The next ones are a returning person's: those rows exist
    // (same day; a new minute resets a rate-limit row in place) and are updated, one row each.
    const firstTask = finished[0]!;
    const returning = finished.slice(1);
    const worstTask = returning.reduce((a, b) => (b.rowsWritten > a.rowsWritten ? b : a));
    const eventOfRequest = (r: ServedRequest) =>
      r.route === "webhook" ? `webhook ${eventOf.get(r.headers.get("webhook-id") ?? "") ?? "unknown"}` : r.route;
    const webhookMax = Math.max(...webhooks.map((w) => w.tally.statements));
    const readMax = Math.max(...reads.map((r) => r.tally.statements));
    const statusesOk = served.every((r) => r.status < 400);

    const spend = spendWork(allCreates, webhooks, taskIds, refundedTaskId);

    return [
      {
        id: "P6-spend",
        what: "D1 work a budget adds per task: the reservation (statements, rows written, in POST /api/generate) and the settlement (extra statements; rows the trigger writes inside the UPDATE that ends the task when it refunds)",
        value: spend.reservation.statements + spend.settlement.statements,
        unit: "statements",
        goal: "none set (reported)",
        pass: null,
        details: spend,
      },
      {
        id: "P6-webhook",
        what: "D1 statements per webhook (max over every delivery of every task; start, logs, output, completed)",
        value: webhookMax,
        unit: "statements",
        goal: "≤ 4",
        pass: webhookMax <= 4 && statusesOk,
        details: { all: perRequest(webhooks), byEvent },
      },
      {
        id: "P6-create",
        what: "D1 work per POST /api/generate (rate limit, queue check, insert, promote, submit, gateway call record)",
        value: Math.max(...creates.map((r) => r.tally.statements)),
        unit: "statements",
        goal: "none set (reported; free plan allows 50 per invocation)",
        pass: null,
        details: { ...perRequest(creates), writesByStatement: writesByStatement(creates) },
      },
      {
        id: "P6-task-read",
        what: "D1 statements per GET /api/tasks/:id (max)",
        value: readMax,
        unit: "statements",
        goal: "≤ 2",
        pass: readMax <= 2 && statusesOk,
        details: perRequest(reads),
      },
      {
        id: "P6-history-page",
        what: "D1 work per GET /api/tasks?limit=20 (a page of history)",
        value: Math.max(...pages.map((r) => r.tally.statements)),
        unit: "statements",
        goal: "none set (reported)",
        pass: null,
        details: perRequest(pages),
      },
      {
        id: "P6-finished-task",
        what: "D1 rows written per finished flux-schnell task of a returning person (their rate-limit and spend rows exist) in total (create + all its webhooks + its reads), as D1 bills them (index entries included); max over tasks 2–5 of one session",
        value: worstTask.rowsWritten,
        unit: "rows written",
        goal: "≤ 12",
        pass: worstTask.rowsWritten <= 12 && statusesOk,
        details: {
          tasks: finished.map(({ rowsWritten, rowsChanged, statements, webhooks: count, r2Puts }, index) => ({
            task: index === 0 ? "first of a new user, client and day" : "returning",
            rowsWritten,
            rowsChanged,
            statements,
            webhooks: count,
            r2Puts,
          })),
          profileWorstTask: writesByStatement(worstTask.requests),
          requestsOfWorstTask: worstTask.requests
            .filter((r) => r.tally.rowsWritten > 0)
            .map((r) => ({
              request: eventOfRequest(r),
              writes: r.tally.log.filter((entry) => entry.rowsWritten > 0).map((entry) => `${entry.statement}: ${entry.rowsWritten}`),
            })),
          indexesOnTasks: indexes.map((index) => (index.sql ? index.sql.replace(/^CREATE (UNIQUE )?INDEX /, "$1") : `${index.name} (primary key)`)),
          note: "D1 counts one row written per row inserted or updated plus one per index entry inserted (an entry a change removes is not counted); rowsChanged leaves index entries out",
        },
      },
      {
        id: "P6-first-task",
        what: "D1 rows written by the first finished flux-schnell task of a new user and client address on a new day (it inserts their rate-limit and spend rows, and the day's global spend row), counted as P6-finished-task",
        value: firstTask.rowsWritten,
        unit: "rows written",
        goal: "none set (reported; the goal is judged on a returning person's task)",
        pass: null,
        details: { profile: writesByStatement(firstTask.requests), extraOverReturning: firstTask.rowsWritten - worstTask.rowsWritten },
      },
    ];
  } finally {
    await harness.close();
    await emulator.close();
    await storage.dispose();
  }
}

/**
 * What budgets cost in D1 per task. Reservation: the statements on spend_counters in each create. Settlement: no
 * statement of its own (the trigger runs inside the terminal UPDATE of tasks), so its rows are the difference between
 * the terminal UPDATE of a task that refunds and of tasks that delivered everything (no refund, trigger skipped).
 */
function spendWork(creates: ServedRequest[], webhooks: ServedRequest[], fullTaskIds: string[], refundedTaskId: string) {
  const onSpend = creates.map((r) => r.tally.log.filter((entry) => entry.statement.endsWith("spend_counters")));
  const terminalUpdate = (taskId: string) =>
    Math.max(
      0,
      ...webhooks
        .filter((w) => w.url.searchParams.get("task") === taskId)
        .flatMap((w) => w.tally.log.filter((entry) => entry.statement === "update tasks").map((entry) => entry.rowsWritten)),
    );
  const full = Math.max(...fullTaskIds.map(terminalUpdate));
  const refunded = terminalUpdate(refundedTaskId);
  return {
    reservation: {
      statements: Math.max(...onSpend.map((entries) => entries.length)),
      rowsWritten: Math.max(...onSpend.map((entries) => entries.reduce((total, entry) => total + entry.rowsWritten, 0))),
    },
    settlement: {
      statements: 0,
      rowsWrittenWithRefund: refunded - full,
      rowsWrittenWithoutRefund: 0,
      terminalUpdateRowsWritten: { deliveredEverything: full, refundedHalf: refunded },
    },
  };
}

/** Waits until the emulator has delivered the task's `completed` webhook and the app has answered it. */
async function waitForCompletedDelivery(emulatorUrl: string, client: SessionClient, taskId: string): Promise<void> {
  for (let attempt = 0; attempt < 1500; attempt++) {
    await client.get(`/api/tasks/${taskId}`);
    const deliveries = (await (await fetch(`${emulatorUrl}/__emulator/webhooks`)).json()) as Delivery[];
    const done = deliveries.find((d) => d.event === "completed" && d.url.includes(`task=${taskId}`) && d.status !== null);
    if (done) {
      if (done.status !== 200) throw new Error(`the completed webhook of ${taskId} got HTTP ${done.status}`);
      return;
    }
    await sleep(POLL_MS);
  }
  throw new Error(`task ${taskId} never received its completed webhook`);
}

/** The app logs one JSON line per request; the report is what this run prints. */
function silenceConsole() {
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug };
  const lines: string[] = [];
  for (const level of Object.keys(saved) as (keyof typeof saved)[]) {
    console[level] = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
  }
  return { lines, restore: () => Object.assign(console, saved) };
}
