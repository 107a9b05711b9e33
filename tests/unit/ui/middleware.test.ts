import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { config, middleware } from "@/middleware";

function request(path: string, acceptLanguage?: string) {
  const headers = acceptLanguage === undefined ? undefined : { "accept-language": acceptLanguage };
  return new NextRequest(new URL(path, "http://studio.test"), { headers });
}

describe("locale middleware", () => {
  it("redirects / to the browser's language", () => {
    const zh = middleware(request("/", "zh-CN,zh;q=0.9,en;q=0.8"));
    expect(zh.status).toBe(307);
    expect(new URL(zh.headers.get("location") ?? "").pathname).toBe("/zh");
    expect(zh.headers.get("vary")).toContain("Accept-Language");

    const en = middleware(request("/", "de-DE"));
    expect(new URL(en.headers.get("location") ?? "").pathname).toBe("/en");
  });

  it("prefixes other paths and keeps the query", () => {
    const response = middleware(request("/gallery?cursor=abc", "zh"));
    const location = new URL(response.headers.get("location") ?? "");
    expect(location.pathname).toBe("/zh/gallery");
    expect(location.search).toBe("?cursor=abc");
  });

  it("lets localized paths through", () => {
    for (const path of ["/en", "/zh/gallery"]) {
      const response = middleware(request(path, "zh"));
      expect(response.headers.get("location")).toBeNull();
      expect(response.headers.get("x-middleware-next")).toBe("1");
    }
  });

  it("does not run for the API, Next's assets or files", () => {
    const matcher = new RegExp(`^${config.matcher[0]}$`);
    expect(matcher.test("/")).toBe(true);
    expect(matcher.test("/gallery")).toBe(true);
    expect(matcher.test("/api/tasks")).toBe(false);
    expect(matcher.test("/_next/static/chunk.js")).toBe(false);
    expect(matcher.test("/favicon.ico")).toBe(false);
  });
});
