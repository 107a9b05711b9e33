import { describe, expect, it } from "vitest";
import { createLogger, type LogLevel } from "../../lib/platform/logger";
import { isSecretKey, redact, redactString } from "../../lib/platform/redact";

const R8 = "r8_AbCdEfGh0123456789XyZ";
const WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const AIZA = "AIzaSyD-1234567890abcdefGHIJKLmnop";

describe("redact: secret keys", () => {
  it.each([
    "authorization",
    "Authorization",
    "cf-aig-authorization",
    "x-goog-api-key",
    "api_key",
    "apikey",
    "apiKey",
    "token",
    "replicateApiToken",
    "REPLICATE_API_TOKEN",
    "hf_api_token",
    "secret",
    "webhookSecret",
    "password",
    "cookie",
    "set-cookie",
    "session",
  ])("masks the value under %s", (key) => {
    expect(redact({ [key]: "plain-looking-value" })).toEqual({ [key]: "[REDACTED]" });
  });

  it.each(["prompt", "promptTokenCount", "max_tokens", "maxOutputTokens", "key", "model", "cf-aig-skip-cache"])("keeps the value under %s", (key) => {
    expect(isSecretKey(key)).toBe(false);
    expect(redact({ [key]: "visible" })).toEqual({ [key]: "visible" });
  });

  it("works at any depth, through arrays, and does not touch the input", () => {
    const input = { a: { b: [{ c: { authorization: "Bearer xyz", ok: 1 } }, { list: [{ password: "hunter2" }] }] } };
    const copy = structuredClone(input);
    expect(redact(input)).toEqual({
      a: { b: [{ c: { authorization: "[REDACTED]", ok: 1 } }, { list: [{ password: "[REDACTED]" }] }] },
    });
    expect(input).toEqual(copy);
  });

  it("turns Headers and Maps into plain objects with secrets masked", () => {
    const headers = new Headers({
      Authorization: `Bearer ${R8}`,
      "x-goog-api-key": AIZA,
      "cf-aig-authorization": "Bearer gateway-token-123456",
      "content-type": "application/json",
    });
    const map = new Map<string, unknown>([
      ["token", "abc"],
      ["nested", { headers }],
    ]);
    expect(redact({ deep: { headers } })).toEqual({
      deep: {
        headers: {
          authorization: "[REDACTED]",
          "x-goog-api-key": "[REDACTED]",
          "cf-aig-authorization": "[REDACTED]",
          "content-type": "application/json",
        },
      },
    });
    expect(redact(map)).toEqual({
      token: "[REDACTED]",
      nested: {
        headers: {
          authorization: "[REDACTED]",
          "x-goog-api-key": "[REDACTED]",
          "cf-aig-authorization": "[REDACTED]",
          "content-type": "application/json",
        },
      },
    });
  });

  it("cuts cycles but repeats shared (non-cyclic) objects", () => {
    const shared = { label: "same" };
    const node: Record<string, unknown> = { name: "root", left: shared, right: shared };
    node.self = node;
    node.children = [node];
    expect(redact(node)).toEqual({
      name: "root",
      left: { label: "same" },
      right: { label: "same" },
      self: "[Circular]",
      children: ["[Circular]"],
    });
  });

  it("truncates absurd nesting instead of overflowing", () => {
    let deep: Record<string, unknown> = { end: true };
    for (let i = 0; i < 100; i++) deep = { next: deep };
    expect(JSON.stringify(redact(deep))).toContain("[Truncated]");
  });
});

describe("redact: token-looking values", () => {
  it.each([
    [`token is ${R8}.`, "token is r8_…[REDACTED]."],
    [`secret=${WHSEC}`, "secret=whsec_…[REDACTED]"],
    [`key ${AIZA} end`, "key AIza…[REDACTED] end"],
    ["Authorization: Bearer abc.def-ghi", "Authorization: Bearer [REDACTED]"],
    ["Token abcdef0123456789", "Token [REDACTED]"],
    ["openai sk-proj-abcdefghijklmnop", "openai sk-…[REDACTED]"],
    ["https://x.test/v1/models?key=hello123&alt=sse", "https://x.test/v1/models?key=[REDACTED]&alt=sse"],
    ["task-1234567890 is fine", "task-1234567890 is fine"],
    ["Token expired, log in again", "Token expired, log in again"],
  ])("%s → %s", (input, expected) => {
    expect(redactString(input)).toBe(expected);
    expect(redact({ message: input })).toEqual({ message: expected });
  });

  it("masks values in arrays, inside Error messages and in JSON carried as a string", () => {
    const error = new Error(`Replicate said no to ${R8}`);
    const out = redact({
      list: ["ok", `Bearer ${R8}`],
      error,
      body: JSON.stringify({ input: { hf_api_token: "hf_abcdef", prompt: "a fox" }, note: `uses ${WHSEC}` }),
    }) as { list: string[]; error: { name: string; message: string }; body: string };
    expect(out.list).toEqual(["ok", "Bearer [REDACTED]"]);
    expect(out.error.name).toBe("Error");
    expect(out.error.message).toBe("Replicate said no to r8_…[REDACTED]");
    expect(JSON.parse(out.body)).toEqual({ input: { hf_api_token: "[REDACTED]", prompt: "a fox" }, note: "uses whsec_…[REDACTED]" });
  });

  it("masks configured secrets that have no recognisable prefix", () => {
    const gatewayToken = "Zq7e1P0xKd93mWcL5vTg";
    expect(redact({ text: `header was ${gatewayToken}!` }, { secrets: [gatewayToken, undefined] })).toEqual({
      text: "header was [REDACTED]!",
    });
  });

  it("leaves numbers, booleans, null and ordinary text alone", () => {
    expect(redact({ n: 3, b: false, z: null, s: "a red fox in snow" })).toEqual({ n: 3, b: false, z: null, s: "a red fox in snow" });
  });
});

describe("createLogger", () => {
  function capture(options: Parameters<typeof createLogger>[0] = {}) {
    const lines: { line: string; level: LogLevel }[] = [];
    const logger = createLogger({ now: () => Date.UTC(2026, 0, 2, 3, 4, 5), write: (line, level) => lines.push({ line, level }), ...options });
    return { logger, lines, parsed: () => lines.map(({ line }) => JSON.parse(line) as Record<string, unknown>) };
  }

  it("writes one JSON line per entry with time, level, msg and the fields, redacted", () => {
    const { logger, lines, parsed } = capture();
    logger.info("gateway.call", { provider: "replicate", headers: new Headers({ authorization: `Bearer ${R8}` }), note: `key ${AIZA}` });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.line.includes("\n")).toBe(false);
    expect(lines[0]?.line).not.toContain(R8);
    expect(parsed()[0]).toEqual({
      time: "2026-01-02T03:04:05.000Z",
      level: "info",
      msg: "gateway.call",
      provider: "replicate",
      headers: { authorization: "[REDACTED]" },
      note: "key AIza…[REDACTED]",
    });
  });

  it("drops debug entries unless debug is on, and honours an explicit level", () => {
    const quiet = capture();
    quiet.logger.debug("noise");
    quiet.logger.warn("careful");
    expect(quiet.parsed().map((entry) => entry.msg)).toEqual(["careful"]);

    const loud = capture({ debug: true });
    loud.logger.debug("noise");
    expect(loud.parsed().map((entry) => [entry.level, entry.msg])).toEqual([["debug", "noise"]]);

    const errorsOnly = capture({ level: "error" });
    errorsOnly.logger.warn("skip");
    errorsOnly.logger.error("keep");
    expect(errorsOnly.lines.map(({ level }) => level)).toEqual(["error"]);
  });

  it("child loggers carry bound fields; fields never overwrite time, level or msg", () => {
    const { logger, parsed } = capture();
    logger.child({ requestId: "req_1", route: "/api/generate" }).child({ userId: "u1" }).warn("slow", { level: "nope", durationMs: 812 });
    expect(parsed()[0]).toEqual({
      time: "2026-01-02T03:04:05.000Z",
      level: "warn",
      msg: "slow",
      requestId: "req_1",
      route: "/api/generate",
      userId: "u1",
      field_level: "nope",
      durationMs: 812,
    });
  });

  it("survives values JSON cannot encode and a failing writer", () => {
    const { logger, parsed } = capture();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    logger.error("odd", { big: 10n, cyclic });
    expect(parsed()[0]).toMatchObject({ msg: "odd", big: "10", cyclic: { self: "[Circular]" } });

    const broken = createLogger({
      write: () => {
        throw new Error("disk full");
      },
    });
    expect(() => broken.error("still fine")).not.toThrow();
  });

  it("writes to the console by default (error → console.error)", () => {
    const original = console.error;
    const seen: unknown[] = [];
    console.error = (...args: unknown[]) => seen.push(...args);
    try {
      createLogger().error("boom", { token: "t0ps3cret" });
    } finally {
      console.error = original;
    }
    expect(seen).toHaveLength(1);
    expect(JSON.parse(String(seen[0]))).toMatchObject({ level: "error", msg: "boom", token: "[REDACTED]" });
  });
});
