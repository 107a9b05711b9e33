import { describe, expect, it } from "vitest";
import {
  EMULATED_GEMINI_MODELS,
  emulatedGeminiModel,
  isShutDownGeminiModel,
  isStrictGeminiFamily,
  servedGeminiModel,
} from "../../emulator/gemini-models";
import * as app from "../../lib/shared/gemini-models";

/** Every id either table names, plus a member of each id family, so prefix rows are compared too. */
const ids = [
  ...new Set([
    ...EMULATED_GEMINI_MODELS.map((row) => row.id),
    ...EMULATED_GEMINI_MODELS.filter((row) => row.prefix).map((row) => `${row.id}-pro-002`),
    ...app.GEMINI_MODELS.map((row) => row.id),
    ...app.GEMINI_MODELS.filter((row) => row.family).map((row) => `${row.id}-pro-002`),
  ]),
];
const namedByBoth = ids.filter((id) => emulatedGeminiModel(id) !== undefined && app.geminiModelRow(id) !== undefined);

describe("the emulator's Gemini table", () => {
  it("cites a page for every row and lists each id once", () => {
    for (const row of EMULATED_GEMINI_MODELS) expect(row.source, row.id).toMatch(/^https:\/\/ai\.google\.dev\/gemini-api\/docs\//);
    expect(new Set(EMULATED_GEMINI_MODELS.map((row) => row.id)).size).toBe(EMULATED_GEMINI_MODELS.length);
  });

  it("names every id the app's table names", () => {
    expect(ids.filter((id) => app.geminiModelRow(id) !== undefined && emulatedGeminiModel(id) === undefined)).toEqual([]);
    expect(namedByBoth.length).toBeGreaterThan(10);
  });

  it.each(namedByBoth)("agrees with the app's table on %s", (id) => {
    const ours = emulatedGeminiModel(id);
    const theirs = app.geminiModelRow(id);
    expect(ours?.lifecycle.state).toBe(theirs?.lifecycle.state);
    if (ours?.lifecycle.state === "deprecated" && theirs?.lifecycle.state === "deprecated") {
      expect({ successor: ours.lifecycle.successor, routed: ours.lifecycle.routed }).toEqual({
        successor: theirs.lifecycle.successor,
        routed: theirs.lifecycle.routed,
      });
    }
    expect(ours?.released ?? null).toBe(theirs?.released ?? null);
    expect(ours?.shutdown ?? null).toBe(theirs?.shutdown ?? null);
    expect(isShutDownGeminiModel(id)).toBe(app.isShutDownGeminiModel(id));
    expect(servedGeminiModel(id)).toBe(app.servedGeminiModel(id));
    expect(isStrictGeminiFamily(id)).toBe(app.isStrictGeminiFamily(id));
  });

  it.each(["models/gemini-3.5-flash", "gemini-3.1-flash-lite", "gemini-4.0-flash", "gemini-1.50-experimental", "not-a-gemini"])(
    "answers %s (a prefixed or unlisted id) as the app's rules do",
    (id) => {
      expect(isShutDownGeminiModel(id)).toBe(app.isShutDownGeminiModel(id));
      expect(servedGeminiModel(id)).toBe(app.servedGeminiModel(id));
      expect(isStrictGeminiFamily(id)).toBe(app.isStrictGeminiFamily(id));
    },
  );
});
