import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as session from "../../../app/api/admin/session/route";
import * as stats from "../../../app/api/admin/stats/route";
import { ADMIN_SESSION_SECONDS, ADMIN_SIGN_IN_ATTEMPTS_PER_MINUTE, signAdminSession } from "@/lib/http/admin-auth";
import { registerRoute, startTestApp, TEST_SECRETS, type TestApp } from "../../helpers/app-server";
import { TestBrowser } from "../../helpers/http-client";

// Issue 9, low finding: the admin cookie held ADMIN_TOKEN itself, and sign-in had no throttle.

registerRoute("GET", /^\/api\/admin\/stats$/, stats.GET as never);
registerRoute("POST", /^\/api\/admin\/session$/, session.POST as never);

let app: TestApp;
const secrets = { ADMIN_TOKEN: TEST_SECRETS.adminToken, SESSION_SECRET: TEST_SECRETS.sessionSecret };

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const statsWith = (cookie: string) => fetch(`${app.url}/api/admin/stats`, { headers: { cookie } });

describe("the admin session", () => {
  it("is a signed value that never contains the token, and the stats route accepts it", async () => {
    const browser = new TestBrowser(app.url);
    const signedIn = await browser.post("/api/admin/session", { token: TEST_SECRETS.adminToken }, { "cf-connecting-ip": "198.51.100.1" });
    expect(signedIn.status).toBe(200);
    const header = signedIn.headers.get("set-cookie")!;
    expect(header).not.toContain(TEST_SECRETS.adminToken);
    expect(header).toMatch(/HttpOnly; SameSite=Strict; Max-Age=43200/);
    const value = browser.cookie("admin_session")!;
    expect(value).not.toContain(TEST_SECRETS.adminToken);
    expect((await statsWith(`admin_session=${value}`)).status).toBe(200);

    // Altering any part (the expiry to live longer, the MAC) makes it worthless.
    const [expires, nonce, mac] = value.split(".");
    expect((await statsWith(`admin_session=${Number(expires) + 86_400}.${nonce}.${mac}`)).status).toBe(403);
    expect((await statsWith(`admin_session=${expires}.${nonce}.${mac!.slice(0, -2)}AA`)).status).toBe(403);
  });

  it("expires", async () => {
    const stale = await signAdminSession(secrets, Date.now() - (ADMIN_SESSION_SECONDS + 60) * 1000);
    expect((await statsWith(`admin_session=${stale}`)).status).toBe(403);
    const fresh = await signAdminSession(secrets, Date.now());
    expect((await statsWith(`admin_session=${fresh}`)).status).toBe(200);
  });

  it("is signed with a key tied to ADMIN_TOKEN: a session signed under another token is refused", async () => {
    const other = await signAdminSession({ ...secrets, ADMIN_TOKEN: "adm_some-other-token" }, Date.now());
    expect((await statsWith(`admin_session=${other}`)).status).toBe(403);
  });
});

describe("sign-in is throttled per client address", () => {
  it(`allows ${ADMIN_SIGN_IN_ATTEMPTS_PER_MINUTE} attempts a minute, then 429 with Retry-After, even for the right token`, async () => {
    const guesser = new TestBrowser(app.url);
    const address = { "cf-connecting-ip": "203.0.113.9" };
    for (let i = 0; i < ADMIN_SIGN_IN_ATTEMPTS_PER_MINUTE; i += 1) {
      expect((await guesser.post("/api/admin/session", { token: `adm_guess-${i}` }, address)).status).toBe(403);
    }
    const throttled = await guesser.post("/api/admin/session", { token: TEST_SECRETS.adminToken }, address);
    expect(throttled.status).toBe(429);
    expect(throttled.body.error.code).toBe("rate_limited");
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(throttled.headers.get("set-cookie")).toBeNull();

    // Another address is not affected.
    const other = await new TestBrowser(app.url).post(
      "/api/admin/session",
      { token: TEST_SECRETS.adminToken },
      { "cf-connecting-ip": "203.0.113.10" },
    );
    expect(other.status).toBe(200);
  });
});
