import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TaskView } from "@/lib/shared/task-view";
import { TASK_STATUS_RANK } from "../../lib/shared/task-status";
import { startTestApp, type TestApp } from "../helpers/app-server";
import { setFaults } from "../helpers/emulator-control";
import { waitFor } from "../helpers/http-client";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

interface StreamEvent {
  event: string;
  data: string;
}

/** Splits an event-stream body into its events (comments and `retry:` lines are not events). */
function parseEvents(text: string): StreamEvent[] {
  return text
    .split("\n\n")
    .map((block) => {
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event: ")) event = line.slice(7);
        else if (line.startsWith("data: ")) data.push(line.slice(6));
      }
      return data.length > 0 ? { event, data: data.join("\n") } : null;
    })
    .filter((e): e is StreamEvent => e !== null);
}

const tasksOf = (events: StreamEvent[]) => events.filter((e) => e.event === "task").map((e) => JSON.parse(e.data) as TaskView);

describe("GET /api/tasks/:id/events", () => {
  it("sends the task on every change, in order, and ends after the terminal state", async () => {
    await setFaults(app.emulator.url, { delays: { startMs: 300, stepMs: 120, webhookThrottleMs: 0 } });
    const browser = app.browser();
    const created = await browser.post("/api/generate", { model: "flux-dev", prompt: "a kite over dunes" });
    expect(created.status).toBe(201);
    const id = created.body.task.id as string;

    // The request resolves only once the server has closed the stream.
    const stream = await browser.get(`/api/tasks/${id}/events`);
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(stream.headers.get("cache-control")).toMatch(/no-store/);
    const tasks = tasksOf(parseEvents(stream.text));

    expect(tasks.length).toBeGreaterThanOrEqual(3);
    expect(new Set(tasks.map((t) => t.id))).toEqual(new Set([id]));
    const ranks = tasks.map((t) => TASK_STATUS_RANK[t.status]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const progress = tasks.map((t) => t.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(
      tasks.some((t) => t.status === "processing" && t.progress > 0 && t.progress < 100),
      `statuses: ${tasks.map((t) => `${t.status}:${t.progress}`).join(", ")}`,
    ).toBe(true);
    // Each event is a change: no two neighbours are the same.
    for (let i = 1; i < tasks.length; i++)
      expect(`${tasks[i]!.status}:${tasks[i]!.progress}`).not.toBe(`${tasks[i - 1]!.status}:${tasks[i - 1]!.progress}`);

    const last = tasks.at(-1)!;
    expect(last.status).toBe("succeeded");
    expect(last.images).toEqual([{ url: `/api/images/${id}/0`, width: expect.any(Number), height: expect.any(Number) }]);
    // The image is there as soon as the stream says so.
    const image = await browser.get(last.images[0]!.url);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toMatch(/^image\//);
    await setFaults(app.emulator.url, { delays: { startMs: 0, stepMs: 0 } });
  });

  it("for a finished task sends it once and closes", async () => {
    const browser = app.browser();
    const created = await browser.post("/api/generate", { model: "flux-schnell", prompt: "a quiet pond" });
    const id = created.body.task.id as string;
    await waitFor(async () => ((await browser.get(`/api/tasks/${id}`)).body.task.status === "succeeded" ? true : undefined));
    const stream = await browser.get(`/api/tasks/${id}/events`);
    const events = parseEvents(stream.text);
    expect(events.map((e) => e.event)).toEqual(["task"]);
    expect(tasksOf(events)[0]).toMatchObject({ id, status: "succeeded" });
  });

  it("is visible like the task: 404 for someone else's private task and for an unknown id, open for a public one", async () => {
    const owner = app.browser();
    const stranger = app.browser();
    await stranger.get("/api/me");
    const secret = await owner.post("/api/generate", { model: "flux-schnell", prompt: "a private letter", is_private: true });
    const open = await owner.post("/api/generate", { model: "flux-schnell", prompt: "a public square", is_private: false });

    const refused = await stranger.get(`/api/tasks/${secret.body.task.id}/events`);
    expect(refused.status).toBe(404);
    expect(refused.body.error.code).toBe("not_found");
    expect(refused.text).not.toContain("a private letter");

    const unknown = await stranger.get("/api/tasks/00000000-0000-4000-8000-000000000000/events");
    expect(unknown.status).toBe(404);
    const malformed = await stranger.get("/api/tasks/not-an-id/events");
    expect([404, 422]).toContain(malformed.status);

    const seen = await stranger.get(`/api/tasks/${open.body.task.id}/events`);
    expect(seen.status).toBe(200);
    expect(tasksOf(parseEvents(seen.text)).at(-1)).toMatchObject({ id: open.body.task.id, status: "succeeded" });

    // A public task needs no session at all.
    const anonymous = await app.browser().get(`/api/tasks/${open.body.task.id}/events`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get("set-cookie")).toBeNull();

    const own = await owner.get(`/api/tasks/${secret.body.task.id}/events`);
    expect(own.status).toBe(200);
    expect(tasksOf(parseEvents(own.text)).at(-1)).toMatchObject({ id: secret.body.task.id, status: "succeeded" });
  });
});
