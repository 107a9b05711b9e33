import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientKeyOf } from "../../lib/client-address";
import { startAppStack, type AppStack } from "../helpers/app-stack";
import { TestBrowser, randomAddress } from "../helpers/http-client";
import { TEST_SECRETS } from "../helpers/secrets";

// The built worker under wrangler pages dev (local D1), with a client budget that allows exactly 7 flux-schnell images.
let stack: AppStack;
const PRICE = 0.003;

beforeAll(async () => {
  stack = await startAppStack({
    label: "spend",
    delays: { startMs: 0, stepMs: 0, webhookMs: 0, webhookRetryMs: 50 },
    vars: {
      BUDGET_CLIENT_USD_PER_DAY: String(7 * PRICE),
      CLIENT_GENERATE_RATE_LIMIT_PER_MINUTE: "0",
      GENERATE_RATE_LIMIT_PER_MINUTE: "0",
      MAX_QUEUED_PER_USER: "0",
    },
  });
});
afterAll(async () => {
  await stack?.stop();
});

describe("exact budgets on the built worker", () => {
  it("50 concurrent creates from rotating cookies against a budget of exactly 7 → 7 accepted, 0 overshoot, 20 times", async () => {
    const addresses: string[] = [];
    for (let round = 0; round < 20; round++) {
      const address = randomAddress();
      addresses.push(address);
      // Fifty fresh cookies (each minted from its own address, as minting is limited per address) on one network.
      const cookies = await Promise.all(
        Array.from({ length: 50 }, async () => {
          const minted = new TestBrowser(stack.workerUrl);
          expect((await minted.get("/api/me")).status).toBe(200);
          const browser = new TestBrowser(stack.workerUrl, { address });
          browser.setCookie("sid", minted.cookie("sid")!);
          return browser;
        }),
      );
      const results = await Promise.all(
        cookies.map((browser, i) => browser.post("/api/generate", { model: "flux-schnell", prompt: `round ${round} #${i}` })),
      );
      const statuses = results.map((result) => result.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(7);
      expect(statuses.filter((status) => status === 429)).toHaveLength(43);
      for (const refused of results.filter((result) => result.status === 429)) {
        expect(refused.body.error.code).toBe("budget_exceeded");
        expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      }
      const me = (await cookies[0]!.get("/api/me")).body;
      expect(me.spend.available_usd).toBe(0);
    }
    // Reserved: each network's counter holds exactly 7 prices, never more.
    const stats = await fetch(`${stack.workerUrl}/api/admin/stats?window=24h`, {
      headers: { authorization: `Bearer ${TEST_SECRETS.adminToken}` },
    }).then((response) => response.json() as Promise<any>);
    // Everyone's spend today is the 20 networks' 7 images each; the top networks each hold exactly 7 prices.
    expect(stats.spend.days.at(-1).global_usd).toBeCloseTo(20 * 7 * PRICE, 9);
    const keys = new Set(
      await Promise.all(addresses.map((address) => clientKeyOf(new Headers({ "cf-connecting-ip": address }), TEST_SECRETS.sessionSecret))),
    );
    expect(stats.spend.top_clients).toHaveLength(10);
    for (const row of stats.spend.top_clients) {
      expect(keys.has(row.client)).toBe(true);
      expect(row.spent_usd).toBeCloseTo(7 * PRICE, 9);
    }
    expect(stats.refusals.find((row: any) => row.reason === "budget").count).toBe(20 * 43);
  });
});
