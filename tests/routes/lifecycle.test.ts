import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app-server";
import { waitFor, type TestBrowser } from "../helpers/http-client";
import { setFaults } from "../helpers/emulator-control";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ vars: { RECONCILE_AFTER_SECONDS: "1" } });
});
afterAll(async () => {
  await app?.close();
});

async function statusOf(browser: TestBrowser, id: string) {
  return (await browser.get(`/api/tasks/${id}`)).body.task;
}

describe("cancel", () => {
  it("cancels a running prediction through the gateway; a finished task is a 409", async () => {
    await setFaults(app.emulator.url, { delays: { startMs: 2000, stepMs: 500 } });
    const browser = app.browser();
    const created = await browser.post("/api/generate", { model: "flux-dev", prompt: "to be canceled" });
    expect(created.status).toBe(201);
    const canceled = await browser.post(`/api/tasks/${created.body.task.id}/cancel`);
    expect(canceled.status).toBe(200);
    expect(canceled.body.task.status).toBe("canceled");
    expect(canceled.body.task.error.message).toMatch(/cancel/i);
    const again = await browser.post(`/api/tasks/${created.body.task.id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("conflict");
    await setFaults(app.emulator.url, { delays: { startMs: 0, stepMs: 0 } });
  });

  it("cancels a queued task without calling the provider, and the queue moves on", async () => {
    app.setVars({ RECONCILE_AFTER_SECONDS: "1", MAX_IN_FLIGHT_PER_USER: "1" });
    await setFaults(app.emulator.url, { delays: { startMs: 1500, stepMs: 200 } });
    const browser = app.browser();
    const first = await browser.post("/api/generate", { model: "flux-schnell", prompt: "first" });
    const second = await browser.post("/api/generate", { model: "flux-schnell", prompt: "second" });
    const third = await browser.post("/api/generate", { model: "flux-schnell", prompt: "third" });
    expect(second.body.task.status).toBe("queued");
    expect(third.body.task.status).toBe("queued");
    const canceled = await browser.post(`/api/tasks/${second.body.task.id}/cancel`);
    expect(canceled.body.task.status).toBe("canceled");
    await waitFor(async () => ((await statusOf(browser, first.body.task.id)).status === "succeeded" ? true : undefined));
    const done = await waitFor(
      async () => {
        const task = await statusOf(browser, third.body.task.id);
        return task.status === "succeeded" ? task : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(done.status).toBe("succeeded");
    expect((await statusOf(browser, second.body.task.id)).status).toBe("canceled");
    app.setVars({ RECONCILE_AFTER_SECONDS: "1" });
    await setFaults(app.emulator.url, { delays: { startMs: 0, stepMs: 0 } });
  });
});

describe("failures a person can act on", () => {
  it("a safety failure of the model says to rephrase", async () => {
    const browser = app.browser();
    const created = await browser.post("/api/generate", { model: "flux-schnell", prompt: "something [nsfw]" });
    const task = await waitFor(async () => {
      const current = await statusOf(browser, created.body.task.id);
      return current.status === "failed" ? current : undefined;
    });
    expect(task.error.code).toBe("safety_blocked");
    expect(task.error.message).toMatch(/rephrase/i);
  });

  it("a create answered with a 5xx is never re-sent, and the task still ends failed with a reason", async () => {
    app.setVars({ RECONCILE_AFTER_SECONDS: "1", SUBMIT_TIMEOUT_SECONDS: "1" });
    await setFaults(app.emulator.url, { rate5xx: 1, match: "predictions", method: "POST" });
    const browser = app.browser();
    const created = await browser.post("/api/generate", { model: "flux-schnell", prompt: "provider down" });
    expect(created.status).toBe(201);
    await setFaults(app.emulator.url, {});
    // A 500/503 is a definite failure; a 502 may have reached Replicate, so it waits for the reconciler.
    expect(["failed", "submitting"]).toContain(created.body.task.status);
    const task = await waitFor(
      async () => {
        const current = await statusOf(browser, created.body.task.id);
        return current.status === "failed" ? current : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 300 },
    );
    expect(["provider_unavailable", "provider_error", "submit_unconfirmed"]).toContain(task.error.code);
    expect(task.error.message).toMatch(/try again/i);
    const creates = ((await (await fetch(`${app.emulator.url}/__emulator/requests`)).json()) as any[]).filter(
      (request) => request.method === "POST" && JSON.stringify(request.body ?? {}).includes(created.body.task.id),
    );
    expect(creates).toHaveLength(1);
    app.setVars({ RECONCILE_AFTER_SECONDS: "1" });
  });

  it("Gemini's safety block is a 422 that says to rephrase; a retired model names GEMINI_MODEL", async () => {
    const browser = app.browser();
    const blocked = await browser.post("/api/prompt", { prompt: "please [unsafe] this" });
    expect(blocked.status).toBe(422);
    expect(blocked.body.error.code).toBe("safety_blocked");
    expect(blocked.body.error.message).toMatch(/rephrase/i);
    // The route takes no model from the caller: the configured GEMINI_MODEL is the one the provider retires here.
    await setFaults(app.emulator.url, { retiredModels: ["gemini-3.8-flash"] });
    const retired = await browser.post("/api/prompt", { prompt: "hello" });
    await setFaults(app.emulator.url, {});
    expect(retired.status).toBe(503);
    expect(retired.body.error.message).toMatch(/GEMINI_MODEL/);
  });

  it("a provider rate limit on prompt help is a 429 with Retry-After", async () => {
    await setFaults(app.emulator.url, { rate429: 1, match: "generateContent", retryAfterSeconds: 120 });
    const browser = app.browser();
    const response = await browser.post("/api/prompt", { prompt: "rate limited prompt" });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(response.body.error.message).toMatch(/try again in \d+ seconds/i);
    await setFaults(app.emulator.url, {});
  });
});

describe("reconciler", () => {
  it("a task whose final webhook was lost is settled when it is read", async () => {
    await setFaults(app.emulator.url, { webhookDropFinal: 1 });
    const browser = app.browser();
    const created = await browser.post("/api/generate", { model: "flux-schnell", prompt: "lost final webhook" });
    const id = created.body.task.id;
    const predictions = async () => (await (await fetch(`${app.emulator.url}/__emulator/predictions`)).json()) as any[];
    await waitFor(async () => ((await predictions()).some((p) => p.webhook?.includes(id) && p.status === "succeeded") ? true : undefined));
    await setFaults(app.emulator.url, {});
    const settled = await waitFor(
      async () => {
        const task = await statusOf(browser, id);
        return task.status === "succeeded" ? task : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 300 },
    );
    expect(settled.images).toHaveLength(1);
    const gets = (await (await fetch(`${app.emulator.url}/__emulator/requests`)).json()) as any[];
    expect(gets.some((request) => request.method === "GET" && /predictions\/[^/]+$/.test(request.path))).toBe(true);
  });
});
