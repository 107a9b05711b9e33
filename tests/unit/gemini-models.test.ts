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
} from "../../lib/shared/gemini-models";

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
    ["gemini-2.5-pro", false],
    ["gemini-2.5-flash-lite", false],
    ["gemini-2.0-flash", true],
    ["gemini-2.0-flash-001", true],
    ["gemini-2.0-flash-lite", true],
    ["models/gemini-2.0-flash-lite-001", true],
    ["gemini-2.0-flash-exp", true],
    ["gemini-1.50-experimental", false],
    ["gemini-2.00-flash", false],
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
    // Deprecated but still answered by itself, not yet by its 3.8 successor.
    ["gemini-2.5-pro", false],
    ["gemini-4.0-flash", true],
    ["not-a-gemini", false],
  ])("%s follows the 3.6+ rules → %s", (id, strict) => {
    expect(isStrictGeminiFamily(id)).toBe(strict);
  });

  it("follows Google's routing from a deprecated id to the model that answers", () => {
    expect(servedGeminiModel("models/gemini-3.5-flash")).toBe("gemini-3.6-flash");
    expect(servedGeminiModel("gemini-3.7-flash")).toBe("gemini-3.8-flash");
    expect(servedGeminiModel("gemini-3.8-flash")).toBe("gemini-3.8-flash");
    // Deprecated, but no Google page says it is routed yet: it still answers as itself.
    expect(servedGeminiModel("gemini-2.5-flash")).toBe("gemini-2.5-flash");
    expect(servedGeminiModel("gemini-2.5-pro")).toBe("gemini-2.5-pro");
  });

  it("names the successor of a deprecated id and nothing for a GA one", () => {
    expect(geminiDeprecationNotice("gemini-3.5-flash")).toMatch(/GEMINI_MODEL "gemini-3\.5-flash" is deprecated.*gemini-3\.6-flash/);
    expect(geminiDeprecationNotice("gemini-3.7-flash")).toMatch(/routes it to gemini-3\.8-flash/);
    expect(geminiDeprecationNotice("gemini-3.8-flash")).toBeNull();
    expect(geminiDeprecationNotice("gemini-1.5-flash")).toBeNull();
    expect(geminiDeprecationNotice("gemini-2.0-flash")).toBeNull();
  });

  it("says a deprecated id that is not routed yet will be shut down, naming Google's replacement", () => {
    expect(geminiDeprecationNotice("gemini-2.5-flash")).toBe(
      'GEMINI_MODEL "gemini-2.5-flash" is deprecated: Google will shut it down and names gemini-3.6-flash as its replacement. Set GEMINI_MODEL to gemini-3.6-flash (or the current gemini-3.8-flash).',
    );
    expect(geminiDeprecationNotice("gemini-2.5-flash-lite")).toMatch(/names gemini-3\.5-flash-lite as its replacement/);
    expect(geminiDeprecationNotice("models/gemini-2.5-pro")).toMatch(
      /^GEMINI_MODEL "gemini-2\.5-pro" is deprecated: .*Set GEMINI_MODEL to gemini-3\.8-flash\.$/,
    );
  });

  it("holds the Gemini 2.x ids with Google's dates: the 2.0 Flash models shut down on 2026-06-01, 2.5 deprecated", () => {
    const rows = Object.fromEntries(
      [
        "gemini-2.0-flash",
        "gemini-2.0-flash-001",
        "gemini-2.0-flash-lite",
        "gemini-2.0-flash-lite-001",
        "gemini-2.5-flash",
        "gemini-2.5-flash-lite",
        "gemini-2.5-pro",
      ].map((id) => {
        const row = geminiModelRow(id);
        return [id, row && { id: row.id, released: row.released, shutdown: row.shutdown, state: row.lifecycle.state }];
      }),
    );
    expect(rows).toEqual({
      "gemini-2.0-flash": { id: "gemini-2.0-flash", released: "2025-02-05", shutdown: "2026-06-01", state: "shut_down" },
      "gemini-2.0-flash-001": { id: "gemini-2.0-flash-001", released: "2025-02-05", shutdown: "2026-06-01", state: "shut_down" },
      "gemini-2.0-flash-lite": { id: "gemini-2.0-flash-lite", released: "2025-02-25", shutdown: "2026-06-01", state: "shut_down" },
      "gemini-2.0-flash-lite-001": { id: "gemini-2.0-flash-lite-001", released: "2025-02-25", shutdown: "2026-06-01", state: "shut_down" },
      "gemini-2.5-flash": { id: "gemini-2.5-flash", released: "2025-06-17", shutdown: "2026-06-17", state: "deprecated" },
      "gemini-2.5-flash-lite": { id: "gemini-2.5-flash-lite", released: "2025-07-22", shutdown: "2026-07-22", state: "deprecated" },
      "gemini-2.5-pro": { id: "gemini-2.5-pro", released: "2025-06-17", shutdown: "2026-06-17", state: "deprecated" },
    });
  });

  it("gives every shut-down model row its shutdown date, and the families and GA rows none", () => {
    for (const row of GEMINI_MODELS) {
      if (row.lifecycle.state === "shut_down" && !row.family) expect(row.shutdown, row.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (row.lifecycle.state === "ga" || row.family) expect(row.shutdown, row.id).toBeNull();
    }
  });

  it("names GEMINI_MODEL and a replacement for a shut-down id", () => {
    expect(geminiShutDownNotice("gemini-1.5-flash")).toMatch(
      /"gemini-1\.5-flash" names a shut-down Gemini model.*set GEMINI_MODEL to gemini-3\.8-flash/,
    );
    expect(geminiShutDownNotice("gemini-2.0-flash-lite-001")).toMatch(/"gemini-2\.0-flash-lite-001" names a shut-down Gemini model/);
    expect(geminiShutDownNotice("gemini-3.5-flash")).toBeNull();
    expect(geminiShutDownNotice("gemini-2.5-flash")).toBeNull();
  });
});
