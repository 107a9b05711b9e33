import { describe, expect, it } from "vitest";
import {
  backoffDelayMs,
  isAmbiguousStatus,
  parseGeminiRetryDelay,
  parseReplicateResetHint,
  retryHintMs,
  surelyNotSent,
} from "../../lib/ai-gateway/retry";
import { parseRetryAfterMs } from "@/lib/shared/retry-after";

describe("backoffDelayMs (full jitter)", () => {
  const policy = (random: number) => ({ baseDelayMs: 500, maxDelayMs: 8000, random: () => random });

  it("is random() × min(maxDelay, base·2^n)", () => {
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, policy(0.5)))).toEqual([250, 500, 1000, 2000, 4000, 4000]);
    expect(backoffDelayMs(3, policy(0.25))).toBe(1000);
  });

  it("spans zero up to the ceiling", () => {
    expect(backoffDelayMs(2, policy(0))).toBe(0);
    expect(backoffDelayMs(2, policy(0.9999))).toBe(2000);
    expect(backoffDelayMs(10, policy(0.9999))).toBe(7999);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.UTC(2026, 10, 27, 12, 0, 0);

  it.each([
    ["30", 30_000],
    ["0", 0],
    ["1.5", 1500],
    [" 7 ", 7000],
    [new Date(now + 45_000).toUTCString(), 45_000],
    [new Date(now - 5_000).toUTCString(), 0],
  ])("%s → %i ms", (header, expected) => {
    expect(parseRetryAfterMs(header, now)).toBe(expected);
  });

  it.each([null, undefined, "", "soon", "-3"])("%s → null", (header) => {
    expect(parseRetryAfterMs(header, now)).toBeNull();
  });
});

describe("parseReplicateResetHint", () => {
  it.each([
    [{ detail: "Request was throttled. Your rate limit resets in ~30s." }, 30_000],
    [{ detail: "Request was throttled. Your rate limit resets in ~1.5s." }, 1500],
    [{ detail: "Your rate limit resets in ~2 minutes." }, 120_000],
    ["Request was throttled. Your rate limit resets in ~4s.", 4000],
  ])("%j → %i ms", (body, expected) => {
    expect(parseReplicateResetHint(body)).toBe(expected);
  });

  it.each([{ detail: "Request was throttled." }, { title: "x" }, null, 42])("%j → null", (body) => {
    expect(parseReplicateResetHint(body)).toBeNull();
  });
});

describe("parseGeminiRetryDelay", () => {
  const body = (details: unknown[]) => ({ error: { code: 429, status: "RESOURCE_EXHAUSTED", details } });

  it("reads google.rpc.RetryInfo among other details", () => {
    expect(
      parseGeminiRetryDelay(
        body([
          { "@type": "type.googleapis.com/google.rpc.QuotaFailure", violations: [] },
          { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "41.5s" },
        ]),
      ),
    ).toBe(41_500);
    expect(parseGeminiRetryDelay(body([{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "3s" }]))).toBe(3000);
    expect(
      parseGeminiRetryDelay(body([{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: { seconds: 2, nanos: 500_000_000 } }])),
    ).toBe(2500);
  });

  it("is null without RetryInfo", () => {
    expect(parseGeminiRetryDelay(body([{ "@type": "type.googleapis.com/google.rpc.QuotaFailure" }]))).toBeNull();
    expect(parseGeminiRetryDelay({ error: { message: "x" } })).toBeNull();
    expect(parseGeminiRetryDelay(null)).toBeNull();
  });
});

describe("retryHintMs", () => {
  it("prefers the Retry-After header over the body", () => {
    const headers = new Headers({ "retry-after": "5" });
    expect(retryHintMs(headers, { detail: "resets in ~30s" }, 0)).toBe(5000);
    expect(retryHintMs(new Headers(), { detail: "resets in ~30s" }, 0)).toBe(30_000);
    expect(retryHintMs(new Headers(), {}, 0)).toBeNull();
  });
});

describe("whether a failed request may be sent again", () => {
  it("only a refused connection or an unresolved host surely sent nothing", () => {
    const refused = new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
    const nested = new TypeError("fetch failed", {
      cause: Object.assign(new AggregateError([Object.assign(new Error("x"), { code: "ECONNREFUSED" })]), {}),
    });
    const dns = new TypeError("fetch failed", { cause: Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" }) });
    const workers = new Error("Network connection refused by peer");
    expect([refused, nested, dns, workers].map(surelyNotSent)).toEqual([true, true, true, true]);

    const reset = new TypeError("fetch failed", { cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }) });
    const closed = new TypeError("fetch failed", { cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }) });
    const aborted = new DOMException("The operation was aborted.", "AbortError");
    expect([reset, closed, aborted, new Error("fetch failed"), "string"].map(surelyNotSent)).toEqual([false, false, false, false, false]);
  });

  it("proxy timeouts leave a create's outcome unknown; ordinary failures do not", () => {
    expect([408, 502, 504, 524].map(isAmbiguousStatus)).toEqual([true, true, true, true]);
    expect([400, 401, 429, 500, 503].map(isAmbiguousStatus)).toEqual([false, false, false, false, false]);
  });
});
