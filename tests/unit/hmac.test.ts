import { describe, expect, it } from "vitest";
import { clientKeyOf } from "@/lib/http/client-address";
import { hmacSign, hmacVerify } from "@/lib/platform/hmac";

const SECRET = "test-secret-that-is-long-enough-000";

describe("hmac", () => {
  it("verifies what it signed, for the same purpose only", async () => {
    const mac = await hmacSign(SECRET, "webhook", "task_1");
    expect(await hmacVerify(SECRET, "webhook", "task_1", mac)).toBe(true);
    expect(await hmacVerify(SECRET, "session", "task_1", mac)).toBe(false);
    expect(await hmacVerify(SECRET, "webhook", "task_2", mac)).toBe(false);
    expect(await hmacVerify(`${SECRET}x`, "webhook", "task_1", mac)).toBe(false);
  });

  it("refuses a mac that is not base64url", async () => {
    expect(await hmacVerify(SECRET, "webhook", "task_1", "not base64!")).toBe(false);
    expect(await hmacVerify(SECRET, "webhook", "task_1", "")).toBe(false);
  });
});

describe("client address", () => {
  it("hashes the address under the secret, never keeping it raw", async () => {
    const a = await clientKeyOf(new Headers({ "cf-connecting-ip": "203.0.113.7" }), SECRET);
    const b = await clientKeyOf(new Headers({ "cf-connecting-ip": "203.0.113.8" }), SECRET);
    expect(a).toMatch(/^c_[A-Za-z0-9_-]{22}$/);
    expect(a).not.toContain("203");
    expect(a).not.toBe(b);
    expect(await clientKeyOf(new Headers({ "cf-connecting-ip": "203.0.113.7" }), SECRET)).toBe(a);
    expect(await clientKeyOf(new Headers({ "cf-connecting-ip": "203.0.113.7" }), `${SECRET}x`)).not.toBe(a);
  });
});
