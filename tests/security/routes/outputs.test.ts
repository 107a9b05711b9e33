import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../helpers/app-server";
import { setFaults } from "../../helpers/emulator-control";
import { TestBrowser, waitFor } from "../../helpers/http-client";

// Issue 9, low finding: output copy followed redirects from an allowed host to any address and stored any
// `image/*` (an SVG was stored and would have been served inline); image responses carried Set-Cookie together
// with a year of public caching.

let app: TestApp;
let elsewhere: Server;
let elsewhereHits = 0;

beforeAll(async () => {
  app = await startTestApp();
  // Another host (another port is another host) that a redirect points at; it must never be contacted.
  elsewhere = createServer((_request, response) => {
    elsewhereHits += 1;
    response.writeHead(200, { "content-type": "image/png" }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });
  await new Promise<void>((resolve) => elsewhere.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  await setFaults(app.emulator.url, {}).catch(() => undefined);
  await new Promise((resolve) => elsewhere?.close(resolve));
  await app?.close();
});

async function generateUnder(fault: Parameters<typeof setFaults>[1]) {
  await setFaults(app.emulator.url, fault);
  try {
    const browser = app.browser();
    const created = await browser.post("/api/generate", { model: "flux-schnell", prompt: `output fault ${JSON.stringify(fault)}` });
    expect(created.status).toBe(201);
    const id = created.body.task.id as string;
    const task = await waitFor(async () => {
      const view = (await browser.get(`/api/tasks/${id}`)).body.task;
      return ["succeeded", "failed", "canceled"].includes(view.status) ? view : undefined;
    });
    const stored = await app.storage.r2.list({ prefix: `tasks/${id}/` });
    return { task, stored: stored.objects.map((object) => object.key) };
  } finally {
    await setFaults(app.emulator.url, {});
  }
}

describe("outputs are copied as data, never as code", () => {
  it("a redirect to another host is refused without contacting it; the task fails with a clear message", async () => {
    const { task, stored } = await generateUnder({
      outputFile: "redirect",
      redirectTo: `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/x.png`,
    });
    expect(task.status).toBe("failed");
    expect(task.error.code).toBe("output_refused");
    expect(task.error.message).toMatch(/unexpected host/);
    expect(stored).toEqual([]);
    expect(elsewhereHits).toBe(0);
  });

  it("a redirect to the cloud metadata address is refused the same way", async () => {
    const { task, stored } = await generateUnder({ outputFile: "redirect", redirectTo: "http://169.254.169.254/latest/meta-data" });
    expect(task.status).toBe("failed");
    expect(stored).toEqual([]);
  });

  it("an SVG is refused, whether it says so or claims to be a PNG", async () => {
    for (const outputFile of ["svg", "svg-as-png"] as const) {
      const { task, stored } = await generateUnder({ outputFile });
      expect(task.status, outputFile).toBe("failed");
      expect(task.error.message).toMatch(/not a PNG, JPEG or WebP/);
      expect(stored, outputFile).toEqual([]);
    }
  });

  it("a real image still arrives (the check is by bytes)", async () => {
    const { task, stored } = await generateUnder({});
    expect(task.status).toBe("succeeded");
    expect(stored).toHaveLength(1);
  });
});

describe("image responses", () => {
  it("nosniff, a sandboxing CSP, no cookie; private ones private", async () => {
    const owner = app.browser();
    const made: Record<string, string> = {};
    for (const isPrivate of [false, true]) {
      const created = await owner.post("/api/generate", { model: "flux-schnell", prompt: `image headers ${isPrivate}`, is_private: isPrivate });
      const id = created.body.task.id as string;
      await waitFor(async () => (await owner.get(`/api/tasks/${id}`)).body.task.status === "succeeded");
      made[String(isPrivate)] = id;
    }
    // Cookieless, as a crawler or another site's <img> would ask.
    const open = await fetch(`${app.url}/api/images/${made.false}/0`);
    expect(open.status).toBe(200);
    expect(open.headers.get("set-cookie")).toBeNull();
    expect(open.headers.get("x-content-type-options")).toBe("nosniff");
    expect(open.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    expect(open.headers.get("content-type")).toMatch(/^image\/(png|jpeg|webp)$/);
    expect(open.headers.get("cache-control")).toMatch(/^public/);

    const own = await owner.get(`/api/images/${made.true}/0`);
    expect(own.status).toBe(200);
    expect(own.headers.get("set-cookie")).toBeNull();
    expect(own.headers.get("cache-control")).toMatch(/^private/);
    expect(own.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");

    const stranger = await new TestBrowser(app.url, { asStudio: false }).get(`/api/images/${made.true}/0`);
    expect(stranger.status).toBe(404);
    expect(stranger.headers.get("set-cookie")).toBeNull();
  });

  it("/api/me and the per-user lists are no-store", async () => {
    const browser = app.browser();
    for (const path of ["/api/me", "/api/tasks", "/api/gallery"]) {
      expect((await browser.get(path)).headers.get("cache-control"), path).toBe("no-store");
    }
  });
});
