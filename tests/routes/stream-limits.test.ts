import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as taskEvents from "../../app/api/tasks/[id]/events/route";
import { startTestApp, type TestApp } from "../helpers/app-server";
import { listEmulatorRequests, resetEmulator, setFaults } from "../helpers/emulator-control";
import { type TestBrowser, waitFor } from "../helpers/http-client";

// The audit's findings on GET /api/tasks/:id/events: streams were unlimited, every watcher read D1 on its own,
// idle tasks drew a reconcile UPDATE per check, and streams went on checking after their client hung up.

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

interface OpenStream {
  status: number;
  headers: Headers;
  /** The JSON error body of a refused open. */
  body: any;
  /** Hangs up (aborts the request); resolves once the response body is done. */
  close(): Promise<void>;
}

const streams: OpenStream[] = [];

afterEach(async () => {
  await Promise.all(streams.splice(0).map((stream) => stream.close()));
  await resetEmulator(app.emulator.url);
  app.setVars({});
});

/** A prediction that stays `starting` for a minute, so its task stays open while the test watches it. */
async function slowPredictions() {
  await setFaults(app.emulator.url, { delays: { startMs: 60_000, stepMs: 0 } });
}

/**
 * Opens GET /api/tasks/:id/events as `browser` (its address and session cookie) and keeps it open: the body is
 * read in the background until `close()` hangs up.
 */
async function openStream(browser: TestBrowser, taskId: string): Promise<OpenStream> {
  const controller = new AbortController();
  const headers: Record<string, string> = { "cf-connecting-ip": browser.address };
  const sid = browser.cookie("sid");
  if (sid) headers.cookie = `sid=${sid}`;
  const response = await fetch(`${app.url}/api/tasks/${taskId}/events`, { headers, signal: controller.signal });
  if (response.status !== 200) {
    return { status: response.status, headers: response.headers, body: await response.json(), close: async () => undefined };
  }
  const reader = response.body!.getReader();
  const done = (async () => {
    try {
      for (;;) if ((await reader.read()).done) return;
    } catch {
      // Aborted by close().
    }
  })();
  const stream: OpenStream = {
    status: 200,
    headers: response.headers,
    body: null,
    close: async () => {
      controller.abort();
      await done;
    },
  };
  streams.push(stream);
  return stream;
}

function expectRateLimited(response: { status: number; headers: Headers; body: any }) {
  expect(response.status).toBe(429);
  expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(response.body.error.code).toBe("rate_limited");
  expect(response.body.error.message).toMatch(/stream/i);
}

/** Public tasks of `owner`, left open by slowPredictions(). */
async function createTasks(owner: TestBrowser, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const created = await owner.post("/api/generate", { model: "flux-schnell", prompt: `a lighthouse, take ${i}`, is_private: false });
    expect(created.status).toBe(201);
    ids.push(created.body.task.id as string);
  }
  return ids;
}

const storedStreams = async (taskId: string) =>
  (await app.storage.d1.prepare("SELECT count(*) AS n FROM open_streams WHERE task_id = ?").bind(taskId).first<{ n: number }>())?.n ?? 0;

interface ClosedLine {
  taskId: string;
  ending: string;
  checks: number;
  d1: { reads: number; writes: number };
}

/** The `task.events.closed` log lines of the streams of one task. */
function closedLines(taskId: string): ClosedLine[] {
  return app.logLines
    .filter((line) => line.includes('"task.events.closed"') && line.includes(taskId))
    .map((line) => JSON.parse(line) as ClosedLine & { msg: string })
    .filter((line) => line.msg === "task.events.closed" && line.taskId === taskId);
}

/** Closes the streams and returns their log lines once every one has logged its end. */
async function closeAll(open: OpenStream[], taskId: string): Promise<ClosedLine[]> {
  const before = closedLines(taskId).length;
  await Promise.all(open.map((stream) => stream.close()));
  await waitFor(async () => closedLines(taskId).length >= before + open.length, { what: "every stream's task.events.closed line" });
  return closedLines(taskId).slice(before);
}

const sum = (lines: ClosedLine[], of: (line: ClosedLine) => number) => lines.reduce((total, line) => total + of(line), 0);

/** Lets open streams make some checks (a `starting` task is checked every 400 ms, a queued one every second). */
const letThemCheck = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function makeStale(taskId: string) {
  // Two minutes without a change, never reconciled: past RECONCILE_AFTER_SECONDS (60 s by default).
  await app.storage.d1
    .prepare("UPDATE tasks SET updated_at = updated_at - 120000, created_at = created_at - 120000, reconciled_at = NULL WHERE id = ?")
    .bind(taskId)
    .run();
}

describe("stream caps", () => {
  it("one client address holds at most CLIENT_STREAMS_MAX (20) streams; the next is a 429, another address is not affected", async () => {
    await slowPredictions();
    const owner = app.browser();
    const tasks = await createTasks(owner, 7);
    for (const [index, taskId] of tasks.entries()) {
      const perTask = index < 6 ? 3 : 2;
      for (let i = 0; i < perTask; i++) expect((await openStream(owner, taskId)).status).toBe(200);
    }
    const last = tasks[6]!;
    expectRateLimited(await openStream(owner, last));
    // Another browser (no session) on the same network counts against the same cap.
    expectRateLimited(await openStream(app.browser({ address: owner.address }), last));
    // Someone elsewhere watches the same task.
    expect((await openStream(app.browser(), last)).status).toBe(200);

    // A stream that ends gives its place back.
    const first = streams[0]!;
    await first.close();
    await waitFor(async () => (await storedStreams(tasks[0]!)) === 2, { what: "the closed stream's row deleted" });
    expect((await openStream(owner, last)).status).toBe(200);
  });

  it("one viewer holds at most STREAMS_PER_TASK_VIEWER (3) streams on one task; other tasks and other viewers are not affected", async () => {
    await slowPredictions();
    const owner = app.browser();
    const [watched, other] = await createTasks(owner, 2);
    for (let i = 0; i < 3; i++) expect((await openStream(owner, watched!)).status).toBe(200);
    expectRateLimited(await openStream(owner, watched!));
    expect((await openStream(owner, other!)).status).toBe(200);
    // A visitor without a session on the owner's network is another viewer (counted by its address).
    expect((await openStream(app.browser({ address: owner.address }), watched!)).status).toBe(200);
    expect((await openStream(app.browser(), watched!)).status).toBe(200);
  });

  it("a client address opens at most CLIENT_STREAM_OPENS_PER_MINUTE (60) streams a minute", async () => {
    const owner = app.browser();
    const created = await owner.post("/api/generate", { model: "flux-schnell", prompt: "a finished harbour", is_private: false });
    const id = created.body.task.id as string;
    await waitFor(async () => ((await owner.get(`/api/tasks/${id}`)).body.task.status === "succeeded" ? true : undefined));
    // A finished task's stream sends it once and closes, so only the rate limit can refuse these.
    for (let i = 0; i < 60; i++) expect((await owner.get(`/api/tasks/${id}/events`)).status).toBe(200);
    const refused = await owner.get(`/api/tasks/${id}/events`);
    expectRateLimited(refused);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect((await app.browser().get(`/api/tasks/${id}/events`)).status).toBe(200);
  });
});

describe("reconciling behind one claim", () => {
  it("many watchers of a stale task cause one reconcile claim and no other writes", async () => {
    await slowPredictions();
    const owner = app.browser();
    const [id] = await createTasks(owner, 1);
    const row = await app.storage.d1.prepare("SELECT prediction_id FROM tasks WHERE id = ?").bind(id!).first<{ prediction_id: string }>();
    const predictionReads = async () =>
      (await listEmulatorRequests(app.emulator.url)).filter(
        (r) => r.method === "GET" && String(r.path).endsWith(`/predictions/${row!.prediction_id}`),
      ).length;
    await makeStale(id!);

    const watchers = 10;
    const open: OpenStream[] = [];
    for (let i = 0; i < watchers; i++) open.push(await openStream(app.browser(), id!));
    expect(open.map((stream) => stream.status)).toEqual(Array(watchers).fill(200));
    await waitFor(async () => (await predictionReads()) > 0, { what: "the reconcile read" });
    await letThemCheck(3000);
    const lines = await closeAll(open, id!);

    expect(sum(lines, (line) => line.checks)).toBeGreaterThanOrEqual(watchers * 3);
    // One claim, one provider read; the winner's claim and its (no-op) progress write are all the writes there are.
    expect(await predictionReads()).toBe(1);
    expect(sum(lines, (line) => line.d1.writes)).toBeLessThanOrEqual(3);
  });

  it("a poll reads the claim first: after one reader claimed a stale task, further polls issue no write", async () => {
    await slowPredictions();
    const owner = app.browser();
    const [id] = await createTasks(owner, 1);
    await makeStale(id!);
    const writesOf = (requestId: string) => {
      const line = app.logLines.find((l) => l.includes('"msg":"request"') && l.includes(`"requestId":"${requestId}"`));
      return (JSON.parse(line!) as { d1: { writes: number } }).d1.writes;
    };
    const tag = crypto.randomUUID();
    expect((await owner.get(`/api/tasks/${id}`, { "cf-ray": `${tag}-0` })).status).toBe(200);
    expect(writesOf(`${tag}-0`)).toBeGreaterThanOrEqual(1);
    for (let i = 1; i <= 5; i++) {
      expect((await owner.get(`/api/tasks/${id}`, { "cf-ray": `${tag}-${i}` })).status).toBe(200);
      expect(writesOf(`${tag}-${i}`)).toBe(0);
    }
  });

  it("watchers of a stale queued task try to promote it once per interval, and promote it once", async () => {
    await slowPredictions();
    app.setVars({ MAX_IN_FLIGHT_PER_USER: "1" });
    const owner = app.browser();
    const [, queued] = await createTasks(owner, 2);
    const statusOf = async () =>
      (await app.storage.d1.prepare("SELECT status FROM tasks WHERE id = ?").bind(queued!).first<{ status: string }>())?.status;
    const creates = async () =>
      (await listEmulatorRequests(app.emulator.url)).filter((r) => r.method === "POST" && JSON.stringify(r.body ?? {}).includes(queued!)).length;
    expect(await statusOf()).toBe("queued");
    await makeStale(queued!);

    // The owner's one slot is taken: the promotion cannot succeed, and is tried once, behind one claim.
    const watchers = 10;
    const waiting: OpenStream[] = [];
    for (let i = 0; i < watchers; i++) waiting.push(await openStream(app.browser(), queued!));
    await letThemCheck(4500);
    const lines = await closeAll(waiting, queued!);
    expect(sum(lines, (line) => line.checks)).toBeGreaterThanOrEqual(watchers * 2);
    // The claim and one promotion attempt.
    expect(sum(lines, (line) => line.d1.writes)).toBeLessThanOrEqual(2);
    expect(await statusOf()).toBe("queued");
    expect(await creates()).toBe(0);

    // With room for it, a fresh crowd of watchers promotes it exactly once.
    await makeStale(queued!);
    app.setVars({ MAX_IN_FLIGHT_PER_USER: "5" });
    const crowd: OpenStream[] = [];
    for (let i = 0; i < watchers; i++) crowd.push(await openStream(app.browser(), queued!));
    await waitFor(async () => (await statusOf()) !== "queued", { what: "the promotion" });
    await waitFor(async () => (await creates()) > 0, { what: "the create call" });
    await letThemCheck(2000);
    await closeAll(crowd, queued!);
    expect(await creates()).toBe(1);
  });
});

describe("a stream's life", () => {
  it("stops checking as soon as its client hangs up (the request's signal), and gives its place back", async () => {
    await slowPredictions();
    const owner = app.browser();
    const [id] = await createTasks(owner, 1);
    const hangUp = new AbortController();
    const request = new Request(`${app.url}/api/tasks/${id}/events`, {
      headers: { "cf-connecting-ip": owner.address, cookie: `sid=${owner.cookie("sid")}` },
      signal: hangUp.signal,
    });
    const response = await taskEvents.GET(request, { params: Promise.resolve({ id: id! }) });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    try {
      let text = "";
      while (!text.includes("event: task")) text += new TextDecoder().decode((await reader.read()).value);
      await letThemCheck(1000);

      // The client goes away; nobody cancels the body (as when a runtime only aborts the request's signal).
      hangUp.abort();
      const [closed] = await waitFor(async () => (closedLines(id!).length > 0 ? closedLines(id!) : undefined), {
        timeoutMs: 10_000,
        what: "the stream's task.events.closed line",
      });
      expect(closed!.ending).toBe("gone");
      expect(closed!.checks).toBeGreaterThanOrEqual(1);
      await waitFor(async () => (await storedStreams(id!)) === 0, { what: "the stream's row deleted" });

      // It checks no more: a while later it has logged its end once and nothing else.
      await letThemCheck(1500);
      expect(closedLines(id!)).toHaveLength(1);
      expect(app.logLines.filter((line) => line.includes('"task.events.failed"') && line.includes(id!))).toEqual([]);
    } finally {
      await reader.cancel().catch(() => undefined);
    }
  });

  it("watchers of one task share its reads: D1 is read about once per check interval, not once per stream", async () => {
    await slowPredictions();
    const owner = app.browser();
    const [id] = await createTasks(owner, 1);
    const watchers = 10;
    const open: OpenStream[] = [];
    for (let i = 0; i < watchers; i++) open.push(await openStream(app.browser(), id!));
    await letThemCheck(4000);
    const lines = await closeAll(open, id!);

    const checks = sum(lines, (line) => line.checks);
    const reads = sum(lines, (line) => line.d1.reads);
    expect(checks).toBeGreaterThanOrEqual(watchers * 4);
    // Alone, each check is one read (reads === checks); shared, a read serves every watcher that checks after it.
    expect(reads).toBeGreaterThan(0);
    expect(reads * 3).toBeLessThanOrEqual(checks);
  });
});
