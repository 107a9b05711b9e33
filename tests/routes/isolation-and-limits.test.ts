import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app-server";
import { waitFor } from "../helpers/http-client";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe("sessions", () => {
  it("gives a browser a stable id and a tampered cookie a new one", async () => {
    const browser = app.browser();
    const first = await browser.get("/api/me");
    expect(first.status).toBe(200);
    const again = await browser.get("/api/me");
    expect(again.body.user.id).toBe(first.body.user.id);
    expect(again.headers.get("set-cookie")).toBeNull();

    const sid = browser.cookie("sid")!;
    const forged = app.browser();
    const otherId = "u_AAAAAAAAAAAAAAAAAAAAAA";
    forged.setCookie("sid", `${otherId}.${sid.split(".")[1]}`);
    const tampered = await forged.get("/api/me");
    expect(tampered.body.user.id).not.toBe(otherId);
    expect(tampered.body.user.id).not.toBe(first.body.user.id);
  });

  it("never takes user_id from the body", async () => {
    const owner = app.browser();
    const me = (await owner.get("/api/me")).body.user.id;
    const intruder = app.browser();
    // The model schemas are strict, so a body carrying user_id is refused outright, naming the field.
    const refused = await intruder.post("/api/generate", { model: "flux-schnell", prompt: "not yours", user_id: me });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toMatch(/user_id/);
    const created = await intruder.post("/api/generate", { model: "flux-schnell", prompt: "not yours" });
    expect(created.status).toBe(201);
    const ownList = await owner.get("/api/tasks");
    expect(ownList.body.tasks).toEqual([]);
    const intruderList = await intruder.get("/api/tasks");
    expect(intruderList.body.tasks.map((task: { id: string }) => task.id)).toEqual([created.body.task.id]);
  });
});

describe("private tasks", () => {
  it("are visible to their owner alone: task, image and gallery", async () => {
    const owner = app.browser();
    const stranger = app.browser();
    const created = await owner.post("/api/generate", { model: "flux-schnell", prompt: "a secret garden", is_private: true });
    expect(created.status).toBe(201);
    const id = created.body.task.id;
    const done = await waitFor(async () => {
      const task = (await owner.get(`/api/tasks/${id}`)).body.task;
      return task.status === "succeeded" ? task : undefined;
    });
    expect((await owner.get(done.images[0].url)).status).toBe(200);

    const seen = await stranger.get(`/api/tasks/${id}`);
    expect(seen.status).toBe(404);
    expect(seen.body.error.code).toBe("not_found");
    expect((await stranger.get(done.images[0].url)).status).toBe(404);
    expect((await stranger.post(`/api/tasks/${id}/cancel`)).status).toBe(404);
    const gallery = await stranger.get("/api/gallery?limit=50");
    expect(gallery.body.tasks.map((task: { id: string }) => task.id)).not.toContain(id);
    const ownerGallery = await owner.get("/api/gallery?limit=50");
    expect(ownerGallery.body.tasks.map((task: { id: string }) => task.id)).not.toContain(id);
  });

  it("public tasks are readable by anyone and appear in the gallery once succeeded", async () => {
    const owner = app.browser();
    const created = await owner.post("/api/generate", { model: "flux-schnell", prompt: "a public mural" });
    const id = created.body.task.id;
    await waitFor(async () => ((await owner.get(`/api/tasks/${id}`)).body.task.status === "succeeded" ? true : undefined));
    const stranger = app.browser();
    expect((await stranger.get(`/api/tasks/${id}`)).status).toBe(200);
    const gallery = await stranger.get("/api/gallery?limit=50");
    expect(gallery.body.tasks.map((task: { id: string }) => task.id)).toContain(id);
    expect((await stranger.post(`/api/tasks/${id}/cancel`)).status).toBe(404);
  });
});

describe("a burst of 40 concurrent creates from one user", () => {
  it("holds the rate limit and the in-flight cap exactly, with no 5xx", async () => {
    app.setVars({ GENERATE_RATE_LIMIT_PER_MINUTE: "12", MAX_IN_FLIGHT_PER_USER: "2", MAX_QUEUED_PER_USER: "20" });
    await fetch(`${app.emulator.url}/__emulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ delays: { startMs: 300, stepMs: 100 } }),
    });
    const browser = app.browser();
    await browser.get("/api/me");
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => browser.post("/api/generate", { model: "flux-schnell", prompt: `burst ${i}` })),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(statuses.filter((status) => status === 201)).toHaveLength(12);
    expect(statuses.filter((status) => status === 429)).toHaveLength(28);
    for (const response of responses.filter((r) => r.status === 429)) {
      expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(response.body.error.code).toBe("rate_limited");
    }
    const userId = (await browser.get("/api/me")).body.user.id;
    const inFlight = await app.storage.d1
      .prepare("SELECT count(*) AS n FROM tasks WHERE user_id = ? AND status IN ('submitting','starting','processing')")
      .bind(userId)
      .first<{ n: number }>();
    expect(inFlight!.n).toBeLessThanOrEqual(2);

    // The queue drains: every accepted task ends, never more than two running at once.
    let maxInFlight = 0;
    await waitFor(
      async () => {
        const rows = await app.storage.d1.prepare("SELECT status FROM tasks WHERE user_id = ?").bind(userId).all<{ status: string }>();
        const running = rows.results.filter((row) => ["submitting", "starting", "processing"].includes(row.status)).length;
        maxInFlight = Math.max(maxInFlight, running);
        return rows.results.every((row) => row.status === "succeeded") ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 20, what: "the burst queue to drain" },
    );
    expect(maxInFlight).toBeLessThanOrEqual(2);
    expect(maxInFlight).toBeGreaterThan(0);
    app.setVars({});
    await fetch(`${app.emulator.url}/__emulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ delays: { startMs: 0, stepMs: 0 } }),
    });
  });
});
