import { expect } from "vitest";
import type { TestApp } from "./app-server";
import { randomAddress, type TestBrowser, waitFor } from "./http-client";

/** A browser on an address of its own with a session, as a new visitor of the studio. */
export async function newPayer(app: TestApp): Promise<TestBrowser> {
  const browser = app.browser({ address: randomAddress() });
  expect((await browser.get("/api/me")).status).toBe(200);
  return browser;
}

/** The task once it has ended (succeeded, failed or canceled), read as its owner reads it. */
export async function settledTask(browser: TestBrowser, id: string) {
  return waitFor(
    async () => {
      const task = (await browser.get(`/api/tasks/${id}`)).body.task;
      return ["succeeded", "failed", "canceled"].includes(task?.status) ? task : undefined;
    },
    { what: `task ${id} to settle`, timeoutMs: 30_000 },
  );
}

/** POST /api/generate, then the task once it succeeded (any other end fails the test). */
export async function generateSucceeded(browser: TestBrowser, body: Record<string, unknown>) {
  const created = await browser.post("/api/generate", body);
  expect(created.status, created.text).toBe(201);
  const done = await settledTask(browser, created.body.task.id);
  expect(done.status, JSON.stringify(done.error)).toBe("succeeded");
  return done;
}
