import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as generate from "../../../app/api/generate/route";
import * as webhook from "../../../app/api/webhooks/replicate/route";
import { startTestApp, type TestApp } from "../../helpers/app-server";
import { listEmulatorRequests, setFaults } from "../../helpers/emulator-control";
import { TestBrowser } from "../../helpers/http-client";

// Issue 9, medium finding: a cross-site form (no cookie: SameSite) got a fresh session minted on its POST, and
// with the cookie present nothing checked Origin, Sec-Fetch-Site or the content type.

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

async function taskCount(): Promise<number> {
  const row = await app.storage.d1.prepare("SELECT count(*) AS n FROM tasks").first<{ n: number }>();
  return row!.n;
}

/** A browser holding a session, as a victim on the studio page does. */
async function victim(): Promise<{ browser: TestBrowser; sid: string }> {
  const browser = new TestBrowser(app.url, { asStudio: false });
  const me = await browser.get("/api/me");
  expect(me.status).toBe(200);
  return { browser, sid: browser.cookie("sid")! };
}

const generateBody = JSON.stringify({ model: "flux-schnell", prompt: "written by another site" });

describe("sessions are minted by safe requests only", () => {
  it("GET /api/me mints an http-only SameSite=Lax session once", async () => {
    const browser = new TestBrowser(app.url, { asStudio: false });
    const first = await browser.get("/api/me");
    expect(first.headers.get("set-cookie")).toMatch(/^sid=u_[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    expect(first.headers.get("cache-control")).toBe("no-store");
    expect((await browser.get("/api/me")).headers.get("set-cookie")).toBeNull();
  });

  it("a state-changing request without a session is 401 no_session, mints nothing and changes nothing", async () => {
    const before = await taskCount();
    const cases: [string, RequestInit][] = [
      ["generate", { method: "POST", headers: { "content-type": "application/json" }, body: generateBody }],
      ["prompt", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ prompt: "x" }) }],
      ["cancel", { method: "POST" }],
    ];
    for (const [name, init] of cases) {
      const path = name === "cancel" ? "/api/tasks/tsk_00000000000000000000000000000000/cancel" : `/api/${name}`;
      const response = await fetch(`${app.url}${path}`, init);
      expect(response.status, name).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code, name).toBe("no_session");
      expect(response.headers.get("set-cookie"), name).toBeNull();
    }
    // A forged cookie is no session either.
    const forged = await fetch(`${app.url}/api/generate`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: "sid=u_AAAAAAAAAAAAAAAAAAAAAA.not-a-mac" },
      body: generateBody,
    });
    expect(forged.status).toBe(401);
    expect(forged.headers.get("set-cookie")).toBeNull();
    expect(await taskCount()).toBe(before);
  });

  it("reads without a session mint nothing: the own list is empty, images and tasks are public-only", async () => {
    const list = await fetch(`${app.url}/api/tasks`);
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({ tasks: [], next_cursor: null });
    expect(list.headers.get("set-cookie")).toBeNull();
    const task = await fetch(`${app.url}/api/tasks/tsk_00000000000000000000000000000000`);
    expect(task.status).toBe(404);
    expect(task.headers.get("set-cookie")).toBeNull();
  });
});

describe("cross-origin and content-type refusals, before anything else happens", () => {
  it("403 cross_origin for another Origin, an opaque Origin or Sec-Fetch-Site: cross-site", async () => {
    const { sid } = await victim();
    const before = await taskCount();
    const foreign: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: "null" },
      { origin: app.url.replace("127.0.0.1", "localhost") },
      { "sec-fetch-site": "cross-site" },
      { origin: app.url, "sec-fetch-site": "cross-site" },
    ];
    for (const headers of foreign) {
      const response = await fetch(`${app.url}/api/generate`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: `sid=${sid}`, ...headers },
        body: generateBody,
      });
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("cross_origin");
    }
    // Before the session check too: a cookieless cross-site POST learns nothing else.
    const cookieless = await fetch(`${app.url}/api/generate`, {
      method: "POST",
      headers: { "content-type": "text/plain", origin: "https://evil.example" },
      body: generateBody,
    });
    expect(cookieless.status).toBe(403);
    expect(await taskCount()).toBe(before);
  });

  it("415 for the body types a cross-site form can send, even from the app's own origin", async () => {
    const { sid } = await victim();
    const before = await taskCount();
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const response = await fetch(`${app.url}/api/generate`, {
        method: "POST",
        headers: { "content-type": type, cookie: `sid=${sid}`, origin: app.url },
        body: generateBody,
      });
      expect(response.status, type).toBe(415);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("unsupported_media_type");
    }
    expect(await taskCount()).toBe(before);
  });

  it("a text/plain form to cancel leaves the victim's task as it was", async () => {
    // The prediction waits to start, so nothing but the refused request could change the task meanwhile.
    await setFaults(app.emulator.url, { delays: { startMs: 30_000 } });
    try {
      const studio = app.browser();
      const created = await studio.post("/api/generate", { model: "flux-schnell", prompt: "the victim's task" });
      expect(created.status).toBe(201);
      const id = created.body.task.id as string;
      const before = await app.storage.d1.prepare("SELECT status, updated_at FROM tasks WHERE id = ?").bind(id).first();
      const response = await fetch(`${app.url}/api/tasks/${id}/cancel`, {
        method: "POST",
        headers: { "content-type": "text/plain", cookie: `sid=${studio.cookie("sid")}` },
        body: "{}",
      });
      expect(response.status).toBe(415);
      const after = await app.storage.d1.prepare("SELECT status, updated_at FROM tasks WHERE id = ?").bind(id).first();
      expect(after).toEqual(before);
      const cancels = (await listEmulatorRequests(app.emulator.url)).filter((request) => /\/cancel$/.test(String(request.path)));
      expect(cancels).toEqual([]);
    } finally {
      await setFaults(app.emulator.url, { delays: { startMs: 0 } });
    }
  });

  it("the app's own Origin with JSON and a session still works (the studio's path)", async () => {
    const studio = app.browser();
    const created = await studio.post("/api/generate", { model: "flux-schnell", prompt: "same origin" });
    expect(created.status).toBe(201);
    expect(created.headers.get("set-cookie")).toBeNull();
  });
});

/** A request body that counts how many bytes the server pulled from it, and never ends on its own. */
function endlessBody(chunkBytes: number, counter: { pulled: number }): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(chunkBytes).fill(0x20);
  return new ReadableStream({
    pull(controller) {
      counter.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
}

function streamingRequest(url: string, headers: Record<string, string>, body: ReadableStream<Uint8Array>): Request {
  return new Request(url, { method: "POST", headers, body, duplex: "half" } as RequestInit);
}

// A refused body is decided on before it is read; what is read afterwards is only the bounded drain that keeps a
// keep-alive connection usable (lib/http/body.ts: a declared body up to 16 MiB to its end, an undeclared one 256 kB
// past the cap, never more than 2 s), so a huge or endless sender still costs almost nothing.
const UNDECLARED_DRAIN = 256 * 1024;

describe("body limits in bytes, decided before the body is read", () => {
  it("a declared 50 MB body is a 413 before a byte is pulled", async () => {
    const { sid } = await victim();
    const counter = { pulled: 0 };
    const request = streamingRequest(
      `${app.url}/api/generate`,
      { "content-type": "application/json", "content-length": String(50 * 1024 * 1024), cookie: `sid=${sid}`, origin: app.url },
      endlessBody(16 * 1024, counter),
    );
    const response = await generate.POST(request, { params: Promise.resolve({}) });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");
    // A ReadableStream may prefill its queue once; the handler itself reads nothing.
    expect(counter.pulled).toBeLessThanOrEqual(16 * 1024);
  });

  it("a declared 5 MB body is a 413 too, its rest drained to keep the connection usable", async () => {
    const { sid } = await victim();
    const counter = { pulled: 0 };
    const request = streamingRequest(
      `${app.url}/api/generate`,
      { "content-type": "application/json", "content-length": String(5 * 1024 * 1024), cookie: `sid=${sid}`, origin: app.url },
      endlessBody(16 * 1024, counter),
    );
    const response = await generate.POST(request, { params: Promise.resolve({}) });
    expect(response.status).toBe(413);
    expect(counter.pulled).toBeLessThanOrEqual(5 * 1024 * 1024 + 2 * 16 * 1024);
  });

  it("an undeclared endless body is cut off just past the 64 kB cap", async () => {
    const { sid } = await victim();
    const counter = { pulled: 0 };
    const request = streamingRequest(
      `${app.url}/api/generate`,
      { "content-type": "application/json", cookie: `sid=${sid}`, origin: app.url },
      endlessBody(16 * 1024, counter),
    );
    const response = await generate.POST(request, { params: Promise.resolve({}) });
    expect(response.status).toBe(413);
    expect(counter.pulled).toBeLessThanOrEqual(64 * 1024 + UNDECLARED_DRAIN + 2 * 16 * 1024);
  });

  it("the webhook caps its body before the signature is checked", async () => {
    const counter = { pulled: 0 };
    const request = streamingRequest(
      `${app.url}/api/webhooks/replicate?task=tsk_00000000000000000000000000000000`,
      { "content-type": "application/json" },
      endlessBody(64 * 1024, counter),
    );
    const response = await webhook.POST(request, { params: Promise.resolve({}) });
    expect(response.status).toBe(413);
    expect(counter.pulled).toBeLessThanOrEqual(256 * 1024 + UNDECLARED_DRAIN + 2 * 64 * 1024);
    const declared = streamingRequest(
      `${app.url}/api/webhooks/replicate?task=tsk_00000000000000000000000000000000`,
      { "content-type": "application/json", "content-length": String(5 * 1024 * 1024) },
      endlessBody(64 * 1024, { pulled: 0 }),
    );
    expect((await webhook.POST(declared, { params: Promise.resolve({}) })).status).toBe(413);
  });

  it("counts bytes, not characters: 30,000 CJK characters (90 kB) are over the 64 kB limit", async () => {
    const studio = app.browser();
    const prompt = "山".repeat(30_000);
    expect(prompt.length).toBeLessThan(64 * 1024);
    const response = await studio.post("/api/prompt", { prompt });
    expect(response.status).toBe(413);
  });
});

describe("on https", () => {
  it("the session cookie is __Host-sid with Secure, and only that name counts", async () => {
    const me = await import("../../../app/api/me/route");
    const minted = await me.GET(new Request("https://studio.example/api/me"), { params: Promise.resolve({}) });
    const cookie = minted.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^__Host-sid=u_[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+; Secure$/);
    const value = cookie.slice("__Host-sid=".length, cookie.indexOf(";"));
    const again = await me.GET(new Request("https://studio.example/api/me", { headers: { cookie: `__Host-sid=${value}` } }), {
      params: Promise.resolve({}),
    });
    expect(again.headers.get("set-cookie")).toBeNull();
    // A plain `sid` (which a sibling subdomain or an http page could plant) is no session on https.
    const planted = await generate.POST(
      new Request("https://studio.example/api/generate", {
        method: "POST",
        headers: { cookie: `sid=${value}`, "content-type": "application/json", origin: "https://studio.example" },
        body: generateBody,
      }),
      { params: Promise.resolve({}) },
    );
    expect(planted.status).toBe(401);
  });
});
