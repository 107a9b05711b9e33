import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app-server";
import { resetEmulator, setFaults } from "../helpers/emulator-control";
import type { HttpResult, TestBrowser } from "../helpers/http-client";

// One machine on one IPv6 /64 can send from any of its 2^64 addresses; every per-client limit must see one client.

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});
beforeEach(async () => {
  app.setVars({});
  await resetEmulator(app.emulator.url);
});
afterEach(async () => {
  app.setVars({});
  await resetEmulator(app.emulator.url);
});

const hex = (n: number) => n.toString(16);

/**
 * A fresh /64 per test (the app's limits outlive a test), as several spellings of different addresses in it, and
 * the /64 right next to it (the last bit of the prefix differs), which is another client.
 */
function freshNetwork() {
  const [a, b] = crypto.getRandomValues(new Uint16Array(2));
  const third = a!;
  const fourth = b! & 0xfffe;
  const pad = (n: number) => hex(n).padStart(4, "0").toUpperCase();
  return {
    addresses: [
      `2001:db8:${hex(third)}:${hex(fourth)}::5`,
      `2001:0DB8:${pad(third)}:${pad(fourth)}:ffff::1`,
      `2001:db8:${hex(third)}:${hex(fourth)}:1234:5678:9abc:def0`,
      `2001:db8:${hex(third)}:${hex(fourth)}:0:0:0:abcd%eth0`,
      `2001:db8:${hex(third)}:${hex(fourth)}:ffff:ffff:ffff:fffe`,
      `2001:db8:${hex(third)}:${hex(fourth)}:8000::42`,
      `2001:db8:${hex(third)}:${hex(fourth)}:4::4`,
      `2001:db8:${hex(third)}:${hex(fourth)}:0:0:0:1`,
    ],
    neighbour: `2001:db8:${hex(third)}:${hex(fourth | 1)}::5`,
  };
}

async function withSession(address: string): Promise<TestBrowser> {
  const browser = app.browser({ address });
  expect((await browser.get("/api/me")).status).toBe(200);
  return browser;
}

function generate(browser: TestBrowser, prompt: string): Promise<HttpResult> {
  return browser.post("/api/generate", { model: "flux-schnell", prompt });
}

describe("one IPv6 /64 is one client", () => {
  it("for session minting: fresh cookies from many addresses of the /64 share one hourly allowance", async () => {
    app.setVars({ CLIENT_SESSIONS_PER_HOUR: "3" });
    const { addresses, neighbour } = freshNetwork();
    const statuses = [];
    for (const address of addresses.slice(0, 5)) statuses.push((await app.browser({ address }).get("/api/me")).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const refused = await app.browser({ address: addresses[5]! }).get("/api/me");
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("rate_limited");
    expect((await app.browser({ address: neighbour }).get("/api/me")).status).toBe(200);
  });

  it("for the per-client generate rate limit", async () => {
    app.setVars({ CLIENT_GENERATE_RATE_LIMIT_PER_MINUTE: "3", CLIENT_SESSIONS_PER_HOUR: "0" });
    const { addresses, neighbour } = freshNetwork();
    const results = [];
    for (const [i, address] of addresses.slice(0, 5).entries()) results.push(await generate(await withSession(address), `rotating ${i}`));
    expect(results.map((result) => result.status)).toEqual([201, 201, 201, 429, 429]);
    expect(results[3]!.body.error.code).toBe("rate_limited");
    expect(results[3]!.body.error.message).toMatch(/from your network/);
    expect((await generate(await withSession(neighbour), "next door")).status).toBe(201);
  });

  it("for the per-client daily budget", async () => {
    app.setVars({ BUDGET_CLIENT_USD_PER_DAY: "0.01", CLIENT_SESSIONS_PER_HOUR: "0", CLIENT_GENERATE_RATE_LIMIT_PER_MINUTE: "0" });
    const { addresses, neighbour } = freshNetwork();
    const results = [];
    for (const [i, address] of addresses.slice(0, 5).entries()) results.push(await generate(await withSession(address), `budget ${i}`));
    // 3 × $0.003 fit in $0.01; a 4th does not, from whichever address of the /64 it comes.
    expect(results.map((result) => result.status)).toEqual([201, 201, 201, 429, 429]);
    expect(results[3]!.body.error.code).toBe("budget_exceeded");
    expect(results[4]!.body.error.code).toBe("budget_exceeded");
    expect((await generate(await withSession(neighbour), "next door")).status).toBe(201);
  });

  it("for the fair share of in-flight slots", async () => {
    app.setVars({ MAX_IN_FLIGHT_GLOBAL: "6", CLIENT_SESSIONS_PER_HOUR: "0", CLIENT_GENERATE_RATE_LIMIT_PER_MINUTE: "0" });
    // Long enough that nothing ends while the test runs, so what is in flight stays in flight.
    await setFaults(app.emulator.url, { delays: { startMs: 20_000 } });
    // Shares count every client with an open task: start from none.
    await app.storage.d1.prepare("DELETE FROM tasks").run();
    const { addresses, neighbour } = freshNetwork();
    const statuses = [];
    for (const [i, address] of addresses.entries()) {
      const created = await generate(await withSession(address), `heavy ${i}`);
      expect(created.status).toBe(201);
      statuses.push(created.body.task.status);
    }
    // 6 / (1 client + 1) = 3 in flight for the whole /64, not one per address; the rest waits.
    expect(statuses.filter((status) => status !== "queued")).toHaveLength(3);
    const mine = await generate(await withSession(neighbour), "a real person next door");
    expect(mine.status).toBe(201);
    expect(mine.body.task.status).not.toBe("queued");
    await app.storage.d1.prepare("DELETE FROM tasks").run();
  });
});

describe("IPv4", () => {
  it("is one client per address, and an IPv4-mapped IPv6 address is that client", async () => {
    app.setVars({ CLIENT_SESSIONS_PER_HOUR: "2" });
    const statuses = [];
    for (const address of ["198.51.100.9", "::ffff:198.51.100.9", "::ffff:c633:6409"]) {
      statuses.push((await app.browser({ address }).get("/api/me")).status);
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect((await app.browser({ address: "198.51.100.10" }).get("/api/me")).status).toBe(200);
    expect((await app.browser({ address: "::ffff:198.51.100.11" }).get("/api/me")).status).toBe(200);
  });
});
