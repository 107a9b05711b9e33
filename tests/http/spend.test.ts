import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientKeyOf } from "../../lib/http/client-address";
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
  it("50 concurrent creates from rotating cookies against a budget of exactly 7 → 7 accepted, 0 overshoot, every round", async () => {
    // Five rounds through the whole worker; tests/db/spend.test.ts repeats the race 20 times per budget on real D1.
    const rounds = 5;
    const addresses: string[] = [];
    for (let round = 0; round < rounds; round++) {
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
      const create = (browser: TestBrowser, i: number) => browser.post("/api/generate", { model: "flux-schnell", prompt: `round ${round} #${i}` });
      const results = await Promise.all(cookies.map(create));
      // wrangler pages dev sheds load with a bare 503 (no app error body) when 50 requests land at once on a busy
      // machine; those never reached the app, so they are sent again, one at a time.
      for (let i = 0; i < results.length; i++) {
        for (let attempt = 0; attempt < 5 && results[i]!.status === 503 && !results[i]!.body?.error; attempt++) {
          results[i] = await create(cookies[i]!, i);
        }
      }
      const counts: Record<string, number> = {};
      for (const result of results) {
        const key = `${result.status} ${result.body?.error?.code ?? ""}`.trim();
        counts[key] = (counts[key] ?? 0) + 1;
      }
      expect(counts).toEqual({ "201": 7, "429 budget_exceeded": 43 });
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
    // Everyone's spend today is the networks' 7 images each; the top networks each hold exactly 7 prices.
    expect(stats.spend.days.at(-1).global_usd).toBeCloseTo(rounds * 7 * PRICE, 9);
    const keys = new Set(
      await Promise.all(addresses.map((address) => clientKeyOf(new Headers({ "cf-connecting-ip": address }), TEST_SECRETS.sessionSecret))),
    );
    expect(stats.spend.top_clients).toHaveLength(Math.min(10, rounds));
    for (const row of stats.spend.top_clients) {
      expect(keys.has(row.client)).toBe(true);
      expect(row.spent_usd).toBeCloseTo(7 * PRICE, 9);
    }
    expect(stats.refusals.find((row: any) => row.reason === "budget").count).toBe(rounds * 43);
  }, 900_000); // rounds of 100 requests each on a shared 2-core machine: minutes, not the default minute
});
