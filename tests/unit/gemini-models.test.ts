import { describe, expect, it } from "vitest";
import {
  GEMINI_DEFAULT_MODEL,
  GEMINI_MODELS,
  geminiDeprecationNotice,
  geminiModelRow,
  geminiShutDownNotice,
  isShutDownGeminiModel,
  isStrictGeminiFamily,
  servedGeminiModel,
} from "../../lib/ai-gateway/gemini-models";

describe("the Gemini model table", () => {
  it("defaults to a GA row, the newest Flash it lists", () => {
    expect(geminiModelRow(GEMINI_DEFAULT_MODEL)?.lifecycle).toEqual({ state: "ga" });
    const flashReleases = GEMINI_MODELS.filter((row) => /^gemini-\d+\.\d+-flash$/.test(row.id) && row.released !== null).map(
      (row) => row.released ?? "",
    );
    expect(geminiModelRow(GEMINI_DEFAULT_MODEL)?.released).toBe(flashReleases.sort().at(-1));
  });

  it("cites a Google page for every row and lists each id once", () => {
    for (const row of GEMINI_MODELS) expect(row.source).toMatch(/^https:\/\/ai\.google\.dev\/gemini-api\/docs\//);
    expect(new Set(GEMINI_MODELS.map((row) => row.id)).size).toBe(GEMINI_MODELS.length);
  });

  it("points every successor at a row that is not shut down", () => {
    for (const row of GEMINI_MODELS) {
      if (row.lifecycle.state === "ga") continue;
      expect(geminiModelRow(row.lifecycle.successor)?.lifecycle.state, row.id).not.toBe("shut_down");
    }
  });

  it.each([
    ["gemini-1.5-flash", true],
    ["gemini-1.5-pro-002", true],
    ["models/gemini-1.0-pro", true],
    ["gemini-3.8-flash", false],
    ["gemini-3.5-flash", false],
    ["gemini-2.5-flash", false],
    ["gemini-1.50-experimental", false],
  ])("%s shut down → %s", (id, shutDown) => {
    expect(isShutDownGeminiModel(id)).toBe(shutDown);
  });

  it.each([
    ["gemini-3.8-flash", true],
    ["gemini-3.6-flash", true],
    ["models/gemini-3.7-flash", true],
    // Deprecated and routed to 3.6 Flash, so it answers with 3.6's rules.
    ["gemini-3.5-flash", true],
    ["gemini-3.5-flash-lite", false],
    ["gemini-3.1-flash-lite", false],
    ["gemini-2.5-flash", false],
    ["gemini-4.0-flash", true],
    ["not-a-gemini", false],
  ])("%s follows the 3.6+ rules → %s", (id, strict) => {
    expect(isStrictGeminiFamily(id)).toBe(strict);
  });

  it("follows Google's routing from a deprecated id to the model that answers", () => {
    expect(servedGeminiModel("models/gemini-3.5-flash")).toBe("gemini-3.6-flash");
    expect(servedGeminiModel("gemini-3.7-flash")).toBe("gemini-3.8-flash");
    expect(servedGeminiModel("gemini-3.8-flash")).toBe("gemini-3.8-flash");
    expect(servedGeminiModel("gemini-2.5-flash")).toBe("gemini-2.5-flash");
  });

  it("names the successor of a deprecated id and nothing for a GA one", () => {
    expect(geminiDeprecationNotice("gemini-3.5-flash")).toMatch(/GEMINI_MODEL "gemini-3\.5-flash" is deprecated.*gemini-3\.6-flash/);
    expect(geminiDeprecationNotice("gemini-3.7-flash")).toMatch(/routes it to gemini-3\.8-flash/);
    expect(geminiDeprecationNotice("gemini-3.8-flash")).toBeNull();
    expect(geminiDeprecationNotice("gemini-1.5-flash")).toBeNull();
  });

  it("names GEMINI_MODEL and a replacement for a shut-down id", () => {
    expect(geminiShutDownNotice("gemini-1.5-flash")).toMatch(
      /"gemini-1\.5-flash" names a shut-down Gemini model.*set GEMINI_MODEL to gemini-3\.8-flash/,
    );
    expect(geminiShutDownNotice("gemini-3.5-flash")).toBeNull();
  });
});
