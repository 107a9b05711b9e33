import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as session from "../../app/api/admin/session/route";
import * as stats from "../../app/api/admin/stats/route";
import { registerRoute, startTestApp, TEST_SECRETS, type TestApp } from "../helpers/app-server";

registerRoute("GET", /^\/api\/admin\/stats$/, stats.GET as never);
registerRoute("POST", /^\/api\/admin\/session$/, session.POST as never);
registerRoute("DELETE", /^\/api\/admin\/session$/, session.DELETE as never);

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const ADMIN_ROUTES: [string, string][] = [
  ["GET", "/api/admin/stats"],
  ["POST", "/api/admin/reconcile"],
];

function form(fields: Record<string, string>, headers: Record<string, string> = {}) {
  return { body: new URLSearchParams(fields).toString(), headers: { "content-type": "application/x-www-form-urlencoded", ...headers } };
}

describe("admin routes refuse a missing or wrong token", () => {
  const cases: [string, Record<string, string>, number, string][] = [
    ["no credentials", {}, 401, "unauthorized"],
    ["a wrong bearer token", { authorization: "Bearer adm_not-the-token-000000" }, 403, "forbidden"],
    ["the token with one character changed", { authorization: `Bearer ${TEST_SECRETS.adminToken.slice(0, -1)}x` }, 403, "forbidden"],
    ["a prefix of the token", { authorization: `Bearer ${TEST_SECRETS.adminToken.slice(0, 10)}` }, 403, "forbidden"],
    ["a forged session cookie", { cookie: "admin_session=9999999999.AAAAAAAAAAAAAAAA.not-a-mac" }, 403, "forbidden"],
    ["the token itself as the cookie", { cookie: `admin_session=${TEST_SECRETS.adminToken}` }, 403, "forbidden"],
    ["an empty bearer", { authorization: "Bearer " }, 401, "unauthorized"],
  ];
  for (const [method, path] of ADMIN_ROUTES) {
    for (const [what, headers, status, code] of cases) {
      it(`${method} ${path} with ${what} → ${status}`, async () => {
        const response = await app.browser().request(method, path, { headers });
        expect(response.status).toBe(status);
        expect(response.body).toEqual({ error: { code, message: expect.any(String) } });
      });
    }
  }

  it("accepts the token as a bearer header or as the dashboard cookie", async () => {
    expect((await app.browser().get("/api/admin/stats", { authorization: `Bearer ${TEST_SECRETS.adminToken}` })).status).toBe(200);
    const dashboard = app.browser();
    expect((await dashboard.post("/api/admin/session", { token: TEST_SECRETS.adminToken })).status).toBe(200);
    expect((await dashboard.get("/api/admin/stats")).status).toBe(200);
  });
});

describe("POST /api/admin/reconcile reads its body with the schema beside it", () => {
  const admin = { authorization: `Bearer ${TEST_SECRETS.adminToken}` };

  it("takes an empty body as the defaults and the largest values it allows", async () => {
    const empty = await app.browser().request("POST", "/api/admin/reconcile", { headers: admin });
    expect(empty.status, JSON.stringify(empty.body)).toBe(200);
    const widest = await app.browser().post("/api/admin/reconcile", { older_than_seconds: 86_400, limit: 500 }, admin);
    expect(widest.status, JSON.stringify(widest.body)).toBe(200);
  });

  it.each([{ limit: 501 }, { limit: 0 }, { older_than_seconds: -1 }, { older_than_seconds: 86_401 }, { limit: 2.5 }])(
    "refuses %o with a 422 naming the field",
    async (body) => {
      const response = await app.browser().post("/api/admin/reconcile", body, admin);
      expect(response.status).toBe(422);
      expect(response.body.error).toEqual({ code: "invalid_input", message: expect.stringContaining(Object.keys(body)[0] ?? "") });
    },
  );
});

describe("POST/DELETE /api/admin/session", () => {
  it("refuses a wrong or missing token as JSON and sets no cookie", async () => {
    const wrong = await app.browser().post("/api/admin/session", { token: "adm_wrong-token-000000000" });
    expect(wrong.status).toBe(403);
    expect(wrong.headers.get("set-cookie")).toBeNull();
    const missing = await app.browser().post("/api/admin/session", {});
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe("unauthorized");
    const malformed = await app
      .browser()
      .request("POST", "/api/admin/session", { body: "{not json", headers: { "content-type": "application/json" } });
    expect(malformed.status).toBe(400);
  });

  it("keeps a valid token in an http-only, SameSite=Strict cookie that the stats route accepts; DELETE signs out", async () => {
    const browser = app.browser();
    const signedIn = await browser.post("/api/admin/session", { token: TEST_SECRETS.adminToken });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toEqual({ ok: true });
    const cookie = signedIn.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^admin_session=\d+\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{43};/);
    expect(cookie).not.toContain(TEST_SECRETS.adminToken);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Secure/); // plain http here; https adds it
    expect((await browser.get("/api/admin/stats")).status).toBe(200);

    const signedOut = await browser.request("DELETE", "/api/admin/session");
    expect(signedOut.status).toBe(200);
    expect(signedOut.headers.get("set-cookie")).toMatch(/^admin_session=; .*Max-Age=0/);
    expect((await browser.get("/api/admin/stats")).status).toBe(401);
  });

  it("answers the sign-in form with a redirect to the dashboard in its locale", async () => {
    const good = await app.browser().request("POST", "/api/admin/session", form({ token: TEST_SECRETS.adminToken, locale: "zh" }));
    expect(good.status).toBe(303);
    expect(new URL(good.headers.get("location") ?? "", app.url).pathname).toBe("/zh/admin");
    expect(good.headers.get("set-cookie")).toMatch(/^admin_session=/);

    const bad = await app.browser().request("POST", "/api/admin/session", form({ token: "adm_wrong-token-000000000", locale: "en" }));
    expect(bad.status).toBe(303);
    const location = new URL(bad.headers.get("location") ?? "", app.url);
    expect(`${location.pathname}${location.search}`).toBe("/en/admin?signin=invalid");
    expect(bad.headers.get("set-cookie")).toBeNull();

    const empty = await app.browser().request("POST", "/api/admin/session", form({ token: "", locale: "en" }));
    expect(new URL(empty.headers.get("location") ?? "", app.url).search).toBe("?signin=missing");
  });

  it("refuses a sign-in posted from another site", async () => {
    const response = await app
      .browser()
      .request("POST", "/api/admin/session", form({ token: TEST_SECRETS.adminToken }, { origin: "https://evil.example" }));
    expect(response.status).toBe(403);
    expect(response.headers.get("set-cookie")).toBeNull();
  });
});
