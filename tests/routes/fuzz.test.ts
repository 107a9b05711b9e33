import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TEST_SECRETS, type TestApp } from "../helpers/app-server";

let app: TestApp;
/** A session and the app's own Origin, as the studio sends them, so the probes reach the validation paths. */
let studioHeaders: Record<string, string>;

beforeAll(async () => {
  app = await startTestApp();
  app.setVars({ GENERATE_RATE_LIMIT_PER_MINUTE: "100000", PROMPT_RATE_LIMIT_PER_MINUTE: "100000" });
  const browser = app.browser();
  await browser.get("/api/me");
  studioHeaders = { cookie: `sid=${browser.cookie("sid")}`, origin: app.url };
});
afterAll(async () => {
  await app?.close();
});

function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const random = seeded(20261127);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const weirdValues: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER,
  "",
  " ",
  "x".repeat(5000),
  "💥🎨",
  "\u0000",
  "<script>",
  "'; DROP TABLE tasks; --",
  [],
  [1, 2],
  {},
  { nested: { deep: [null] } },
  "flux-schnell",
  "16:9",
  "1:1",
  "zh",
  "en",
  "png",
  4,
  5,
  100,
  -100,
];
const fieldNames = [
  "model",
  "prompt",
  "aspect_ratio",
  "is_private",
  "locale",
  "seed",
  "num_outputs",
  "output_format",
  "lora_weights",
  "lora_scale",
  "messages",
  "temperature",
  "max_tokens",
  "__proto__",
  "constructor",
  "older_than_seconds",
  "limit",
];

function randomBody(): string {
  const kind = random();
  if (kind < 0.15) return pick(["{", "[", "nul", '{"a":}', "\u0000", "", "   ", "{'single':1}", "1e99999", '"str"']);
  if (kind < 0.25) return JSON.stringify(pick(weirdValues));
  const body: Record<string, unknown> = {};
  const count = 1 + Math.floor(random() * 6);
  for (let i = 0; i < count; i += 1) body[pick(fieldNames)] = pick(weirdValues);
  if (random() < 0.5) body.model = pick(["flux-schnell", "flux-dev", "flux-pro", "flux-general", "nope", 7]);
  if (random() < 0.5) body.prompt = pick(["a cat", "", "x".repeat(3000), 12, null]);
  if (random() < 0.2) body.messages = pick([[], [{ role: "wizard", content: "hi" }], [{ role: "user" }], "hi", [{ role: "user", content: "" }]]);
  return JSON.stringify(body);
}

const weirdSegments = ["", "x", "tsk_0", "%00", "..%2F..%2Fetc", "💥", "a".repeat(300), "-1", "99", "1.5", "NaN", `tsk_${"f".repeat(32)}`];
const weirdQueries = [
  "",
  "?limit=0",
  "?limit=-5",
  "?limit=abc",
  "?limit=1000",
  "?cursor=%%%",
  "?cursor=bm9wZQ",
  `?cursor=${"A".repeat(500)}`,
  "?limit=2&cursor=MTIzLnRza19h",
  "?task=",
  "?window=forever",
];

type Probe = { method: string; path: string; body?: string; headers?: Record<string, string> };

function probes(): Probe[] {
  const list: Probe[] = [];
  for (let i = 0; i < 60; i += 1) list.push({ method: "POST", path: "/api/generate", body: randomBody() });
  for (let i = 0; i < 40; i += 1) list.push({ method: "POST", path: "/api/prompt", body: randomBody() });
  for (let i = 0; i < 15; i += 1) {
    list.push({
      method: "POST",
      path: `/api/webhooks/replicate${pick(weirdQueries)}`,
      body: randomBody(),
      headers: pick<Record<string, string>>([
        {},
        { "webhook-id": "x", "webhook-timestamp": "abc", "webhook-signature": "v1,zzz" },
        { "webhook-signature": "garbage" },
      ]),
    });
    list.push({
      method: "POST",
      path: "/api/admin/reconcile",
      body: randomBody(),
      headers: pick<Record<string, string>>([
        {},
        { authorization: "Bearer wrong" },
        { authorization: `Bearer ${TEST_SECRETS.adminToken}` },
        { authorization: "Basic Zm9vOmJhcg==" },
      ]),
    });
  }
  for (const segment of weirdSegments) {
    list.push({ method: "GET", path: `/api/tasks/${segment}` });
    list.push({ method: "POST", path: `/api/tasks/${segment}/cancel`, body: randomBody() });
    list.push({ method: "GET", path: `/api/images/${segment}/${pick(weirdSegments)}` });
  }
  for (const query of weirdQueries) {
    list.push({ method: "GET", path: `/api/tasks${query}` });
    list.push({ method: "GET", path: `/api/gallery${query}` });
  }
  list.push({ method: "POST", path: "/api/generate", body: JSON.stringify({ model: "flux-schnell", prompt: "x".repeat(70_000) }) });
  return list;
}

describe("fuzzing every route with malformed input", () => {
  it("never answers 5xx and always uses the {error:{code,message}} body", async () => {
    const failures: string[] = [];
    const statusCounts = new Map<number, number>();
    for (const probe of probes()) {
      const response = await fetch(`${app.url}${probe.path}`, {
        method: probe.method,
        headers: { "content-type": "application/json", ...studioHeaders, ...probe.headers },
        body: probe.body,
      });
      const text = await response.text();
      statusCounts.set(response.status, (statusCounts.get(response.status) ?? 0) + 1);
      const label = `${probe.method} ${probe.path.slice(0, 80)} ${String(probe.body).slice(0, 80)} → ${response.status}`;
      if (response.status >= 500) failures.push(`${label}: ${text.slice(0, 200)}`);
      if (response.status >= 400) {
        let body: any;
        try {
          body = JSON.parse(text);
        } catch {
          failures.push(`${label}: not JSON`);
          continue;
        }
        if (typeof body?.error?.code !== "string" || typeof body?.error?.message !== "string" || body.error.message === "") {
          failures.push(`${label}: bad error body ${text.slice(0, 200)}`);
        }
        if (response.status === 429 && !response.headers.get("retry-after")) failures.push(`${label}: 429 without Retry-After`);
      }
    }
    expect(failures).toEqual([]);
    // The fuzzer must actually reach the validation paths, not only one status.
    expect(statusCounts.get(400) ?? 0).toBeGreaterThan(0);
    expect(statusCounts.get(422) ?? 0).toBeGreaterThan(0);
    expect(statusCounts.get(404) ?? 0).toBeGreaterThan(0);
    expect(statusCounts.get(401) ?? 0).toBeGreaterThan(0);
  });

  it("names the invalid field in a 422", async () => {
    const browser = app.browser();
    const cases: [unknown, RegExp][] = [
      [{ model: "flux-schnell", prompt: "" }, /prompt/],
      [{ model: "flux-nope", prompt: "a cat" }, /model/],
      [{ model: "flux-schnell", prompt: "a cat", aspect_ratio: "7:3" }, /aspect_ratio/],
      [{ model: "flux-schnell", prompt: "a cat", num_outputs: 9 }, /num_outputs/],
      [{ model: "flux-pro", prompt: "a cat", aspect_ratio: "21:9" }, /aspect_ratio/],
      [{ model: "flux-general", prompt: "a cat", lora_scale: 7 }, /lora_scale/],
    ];
    for (const [body, field] of cases) {
      const response = await browser.post("/api/generate", body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(response.body.error.code).toBe("invalid_input");
      expect(response.body.error.message).toMatch(field);
    }
    const malformed = await browser.request("POST", "/api/generate", { body: "{not json", headers: { "content-type": "application/json" } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("bad_request");
  });
});
