import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "../../lib/platform/env";
import { configWarnings } from "../../scripts/lib/smoke/check-config";

const valid = {
  CLOUDFLARE_AI_GATEWAY_URL: "https://gateway.ai.cloudflare.com/v1/acct/gw",
  CLOUDFLARE_AI_GATEWAY_TOKEN: "gw-token",
  REPLICATE_API_TOKEN: "r8_token",
  REPLICATE_WEBHOOK_SECRET: "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=",
  GEMINI_API_KEY: "AIza-key",
  APP_URL: "https://studio.example.com",
  SESSION_SECRET: "s".repeat(32),
  ADMIN_TOKEN: "a".repeat(16),
};

function configErrorOf(raw: Record<string, string>): ConfigError {
  try {
    parseEnv(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("parseEnv accepted the settings");
}

describe("GEMINI_MODEL at start-up", () => {
  it("defaults to the current GA Flash", () => {
    expect(parseEnv(valid).GEMINI_MODEL).toBe("gemini-3.8-flash");
  });

  it.each(["gemini-1.5-flash", "gemini-1.5-pro-002", "models/gemini-1.0-pro", "gemini-2.0-flash", "gemini-2.0-flash-lite-001"])(
    "refuses the shut-down %s, naming GEMINI_MODEL",
    (id) => {
      const error = configErrorOf({ ...valid, GEMINI_MODEL: id });
      expect(error.variables).toEqual(["GEMINI_MODEL"]);
      expect(error.message).toMatch(/GEMINI_MODEL: ".*" names a shut-down Gemini model \(it answers 404\); set GEMINI_MODEL to gemini-3\.8-flash\./);
    },
  );

  it("accepts a deprecated id, and the config check warns naming its successor", () => {
    const env = parseEnv({ ...valid, GEMINI_MODEL: "gemini-3.7-flash" });
    expect(env.GEMINI_MODEL).toBe("gemini-3.7-flash");
    for (const localMode of [true, false]) {
      expect(configWarnings(env, localMode)).toEqual([
        'GEMINI_MODEL "gemini-3.7-flash" is deprecated: Google routes it to gemini-3.8-flash. Set GEMINI_MODEL to gemini-3.8-flash.',
      ]);
    }
    expect(configWarnings(parseEnv(valid), false)).toEqual([]);
  });

  it("accepts gemini-2.5-flash (deprecated, not yet shut down) and warns with Google's replacement", () => {
    const env = parseEnv({ ...valid, GEMINI_MODEL: "gemini-2.5-flash" });
    expect(configWarnings(env, false)).toEqual([
      expect.stringMatching(/^GEMINI_MODEL "gemini-2\.5-flash" is deprecated: Google will shut it down and names gemini-3\.6-flash/),
    ]);
  });
});
