import { afterAll, beforeAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import { startTestApp, type TestApp } from "../helpers/app-server";
import { waitFor } from "../helpers/http-client";
import { TEST_SECRETS } from "../helpers/secrets";
import { webhookUrlFor } from "@/lib/tasks/webhook-url";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

async function waitForStatus(browser: ReturnType<TestApp["browser"]>, id: string, statuses: string[]) {
  return waitFor(
    async () => {
      const response = await browser.get(`/api/tasks/${id}`);
      return statuses.includes(response.body.task?.status) ? response.body.task : undefined;
    },
    { what: `task ${id} to reach ${statuses.join("|")}` },
  );
}

describe("generation through the gateway, webhooks and R2", () => {
  it("creates a flux-schnell task that reaches succeeded with a real image in R2", async () => {
    const browser = app.browser();
    const created = await browser.post("/api/generate", {
      model: "flux-schnell",
      prompt: "a lighthouse on a cliff at dawn",
      aspect_ratio: "16:9",
      output_format: "png",
    });
    expect(created.status).toBe(201);
    // The session came from GET /api/me (the test browser, like the studio, asks first); a POST never mints one.
    expect(browser.cookie("sid")).toBeTruthy();
    expect(created.headers.get("set-cookie")).toBeNull();
    const task = created.body.task;
    expect(task).toMatchObject({ model: "flux-schnell", aspect_ratio: "16:9", is_private: false, locale: "en" });
    expect(["submitting", "starting", "processing", "succeeded"]).toContain(task.status);

    const done = await waitForStatus(browser, task.id, ["succeeded", "failed"]);
    expect(done.status).toBe("succeeded");
    expect(done.progress).toBe(100);
    expect(done.cost_usd).toBeCloseTo(0.003, 6);
    expect(done.images).toEqual([{ url: `/api/images/${task.id}/0`, width: expect.any(Number), height: expect.any(Number) }]);
    expect(done.completed_at).not.toBeNull();

    const image = await fetch(new URL(done.images[0].url, app.url), {
      headers: { cookie: `sid=${browser.cookie("sid")}` },
    });
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");
    const metadata = await sharp(Buffer.from(await image.arrayBuffer())).metadata();
    expect([metadata.width, metadata.height]).toEqual([1344, 768]);

    const stored = await app.storage.r2.list({ prefix: `tasks/${task.id}/` });
    expect(stored.objects.map((object) => object.key)).toEqual([`tasks/${task.id}/0.png`]);
  });

  it("sends the create once, with the webhook URL of the task and all four events", async () => {
    const browser = app.browser();
    const created = await browser.post("/api/generate", { model: "flux-dev", prompt: "a red fox in snow", num_outputs: 2 });
    expect(created.status).toBe(201);
    const done = await waitForStatus(browser, created.body.task.id, ["succeeded", "failed"]);
    expect(done.status).toBe("succeeded");
    expect(done.images).toHaveLength(2);
    expect(done.cost_usd).toBeCloseTo(0.05, 6);

    const requests = (await (await fetch(`${app.emulator.url}/__emulator/requests`)).json()) as { requests?: any[] } | any[];
    const list = Array.isArray(requests) ? requests : (requests.requests ?? []);
    const creates = list.filter(
      (request: any) => request.method === "POST" && /predictions$/.test(request.path) && JSON.stringify(request.body ?? {}).includes(done.id),
    );
    expect(creates).toHaveLength(1);
    expect(creates[0].body.webhook).toBe(await webhookUrlFor(app.url, done.id, TEST_SECRETS.webhookSecret));
    expect(creates[0].body.webhook).toMatch(new RegExp(`/api/webhooks/replicate\\?task=${done.id}&sig=[A-Za-z0-9_-]{43}$`));
    expect(creates[0].body.webhook_events_filter).toEqual(["start", "output", "logs", "completed"]);
  });

  it("records every gateway call", async () => {
    const rows = await app.storage.d1.prepare("SELECT provider, operation, ok, attempts, task_id FROM gateway_calls").all();
    expect(rows.results.length).toBeGreaterThanOrEqual(2);
    expect(rows.results.every((row: any) => row.provider === "replicate" && row.operation === "prediction.create")).toBe(true);
  });

  it("a flux-pro task (single URI output) also succeeds", async () => {
    const browser = app.browser();
    const created = await browser.post("/api/generate", { model: "flux-pro", prompt: "a studio portrait of a cat", aspect_ratio: "3:2" });
    expect(created.status).toBe(201);
    const done = await waitForStatus(browser, created.body.task.id, ["succeeded", "failed"]);
    expect(done.status).toBe("succeeded");
    expect(done.images).toHaveLength(1);
  });

  it("improves a prompt through Gemini and caches identical requests", async () => {
    const browser = app.browser();
    const first = await browser.post("/api/prompt", { prompt: "a cat on a roof", locale: "en" });
    expect(first.status).toBe(200);
    expect(first.body.text.length).toBeGreaterThan(10);
    expect(first.body.cached).toBe(false);
    const second = await browser.post("/api/prompt", { prompt: "a cat on a roof", locale: "en" });
    expect(second.status).toBe(200);
    expect(second.body.cached).toBe(true);
    expect(second.body.text).toBe(first.body.text);
  });
});
