import { readFileSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import sharp from "sharp";
import { signWebhook } from "../../emulator/server";
import { TestBrowser, waitFor } from "../helpers/http-client";

const workerUrl = inject("workerUrl");
const secrets = inject("secrets");

async function waitForTerminal(browser: TestBrowser, id: string) {
  return waitFor(
    async () => {
      const task = (await browser.get(`/api/tasks/${id}`)).body.task;
      return ["succeeded", "failed", "canceled"].includes(task?.status) ? task : undefined;
    },
    { timeoutMs: 30_000, what: `task ${id}` },
  );
}

describe("the built worker under wrangler pages dev", () => {
  it("answers health without a session", async () => {
    const response = await fetch(`${workerUrl}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("serves the studio page in both locales", async () => {
    for (const [path, lang] of [
      ["/en", "en"],
      ["/zh", "zh"],
    ] as const) {
      const response = await fetch(`${workerUrl}${path}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain(`<html lang="${lang}"`);
    }
    const root = await fetch(`${workerUrl}/`, { headers: { "accept-language": "zh-CN,zh;q=0.9" }, redirect: "manual" });
    expect([302, 307, 308]).toContain(root.status);
    expect(root.headers.get("location")).toMatch(/\/zh$/);
  });

  it("generates an image end to end: gateway, signed webhooks into D1, outputs in R2", async () => {
    const browser = new TestBrowser(workerUrl);
    const created = await browser.post("/api/generate", {
      model: "flux-schnell",
      prompt: "a paper boat",
      aspect_ratio: "9:16",
      output_format: "jpg",
    });
    expect(created.status).toBe(201);
    const task = await waitForTerminal(browser, created.body.task.id);
    expect(task.status).toBe("succeeded");
    expect(task.progress).toBe(100);
    const image = await browser.request("GET", task.images[0].url);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/jpeg");
    const bytes = Buffer.from(await (await fetch(`${workerUrl}${task.images[0].url}`)).arrayBuffer());
    const metadata = await sharp(bytes).metadata();
    expect([metadata.width, metadata.height]).toEqual([768, 1344]);
  });

  it("improves a prompt through Gemini", async () => {
    const browser = new TestBrowser(workerUrl);
    const response = await browser.post("/api/prompt", { prompt: "a quiet harbour", locale: "zh" });
    expect(response.status).toBe(200);
    expect(response.body.text.length).toBeGreaterThan(5);
  });

  it("refuses forged webhooks with 401", async () => {
    const body = JSON.stringify({ id: "p1", status: "succeeded", output: [] });
    const timestamp = Math.floor(Date.now() / 1000);
    const wrong = signWebhook({ secret: `whsec_${Buffer.from("not the secret at all!").toString("base64")}`, id: "msg_1", timestamp, body });
    const stale = signWebhook({ secret: secrets.webhookSecret, id: "msg_2", timestamp: timestamp - 900, body });
    const attempts: Record<string, string>[] = [
      {},
      { "webhook-id": "msg_1", "webhook-timestamp": String(timestamp), "webhook-signature": wrong },
      { "webhook-id": "msg_2", "webhook-timestamp": String(timestamp - 900), "webhook-signature": stale },
    ];
    for (const headers of attempts) {
      const response = await fetch(`${workerUrl}/api/webhooks/replicate?task=tsk_x`, { method: "POST", headers, body });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    }
  });

  it("hides a private task from another session", async () => {
    const owner = new TestBrowser(workerUrl);
    const stranger = new TestBrowser(workerUrl);
    const created = await owner.post("/api/generate", { model: "flux-schnell", prompt: "private sketch", is_private: true });
    const task = await waitForTerminal(owner, created.body.task.id);
    expect(task.status).toBe("succeeded");
    expect((await stranger.get(`/api/tasks/${task.id}`)).status).toBe(404);
    expect((await stranger.get(task.images[0].url)).status).toBe(404);
    const gallery = await stranger.get("/api/gallery?limit=50");
    expect(gallery.body.tasks.map((t: { id: string }) => t.id)).not.toContain(task.id);
  });

  it("answers malformed input with 4xx error bodies, never 5xx", async () => {
    const probes: [string, string, string | undefined][] = [
      ["POST", "/api/generate", "{oops"],
      ["POST", "/api/generate", JSON.stringify({ model: "nope", prompt: 1 })],
      ["POST", "/api/prompt", JSON.stringify({ messages: "hi" })],
      ["GET", "/api/tasks?limit=-1", undefined],
      ["GET", "/api/gallery?cursor=%%%", undefined],
      ["GET", "/api/tasks/does-not-exist", undefined],
      ["GET", "/api/images/x/y", undefined],
      ["POST", "/api/tasks/x/cancel", undefined],
      ["POST", "/api/admin/reconcile", undefined],
    ];
    for (const [method, path, body] of probes) {
      const response = await fetch(`${workerUrl}${path}`, { method, body, headers: { "content-type": "application/json" } });
      expect(response.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
      expect(response.status, `${method} ${path}`).toBeLessThan(500);
      const json = (await response.json()) as { error: { code: string; message: string } };
      expect(typeof json.error.code).toBe("string");
      expect(json.error.message.length).toBeGreaterThan(0);
    }
  });

  it("settles stale tasks through the admin reconcile route", async () => {
    const refused = await fetch(`${workerUrl}/api/admin/reconcile`, { method: "POST", headers: { authorization: "Bearer wrong-token-xyz" } });
    expect(refused.status).toBe(403);
    const response = await fetch(`${workerUrl}/api/admin/reconcile`, {
      method: "POST",
      headers: { authorization: `Bearer ${secrets.adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ older_than_seconds: 0 }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ checked: expect.any(Number), settled: expect.any(Number) });
  });

  it("never writes a secret to the worker's log", () => {
    const log = readFileSync(inject("workerLogFile"), "utf8");
    expect(log).toContain("POST /api/webhooks/replicate");
    const leaked = Object.values(secrets).filter((secret) => log.includes(secret));
    expect(leaked).toEqual([]);
    expect(log.includes(secrets.webhookSecret.slice("whsec_".length))).toBe(false);
  });
});
