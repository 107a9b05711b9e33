import { describe, expect, it } from "vitest";
import { json, setup } from "./ai-gateway-harness";

// The warning is remembered per isolate (module scope), so this file builds its deprecated clients itself: vitest
// gives every test file fresh modules, and no other test here may touch these ids first.

const ok = () =>
  json(200, {
    candidates: [{ content: { role: "model", parts: [{ text: "ok" }] }, finishReason: "STOP", index: 0 }],
    usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 1, totalTokenCount: 2 },
  });

type Line = Record<string, unknown>;
const deprecationWarnings = (lines: Line[]) => lines.filter((line) => line.level === "warn" && String(line.msg).includes("deprecated"));

describe("the deprecated GEMINI_MODEL warning in the log", () => {
  it("is written once per isolate per id, however many clients and calls the requests build", async () => {
    const first = setup([ok(), ok()], { geminiModel: "gemini-3.5-flash" });
    await first.gateway.generateTextViaGemini({ messages: [{ role: "user", content: "hi" }] });
    await first.gateway.generateTextViaGemini({ messages: [{ role: "user", content: "again" }] });
    // A second request builds a second client (the app makes one per request), spelled with Google's prefix.
    const second = setup([ok()], { geminiModel: "models/gemini-3.5-flash" });
    await second.gateway.generateTextViaGemini({ messages: [{ role: "user", content: "once more" }] });

    const warnings = [...deprecationWarnings(first.lines), ...deprecationWarnings(second.lines)];
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toMatch(/GEMINI_MODEL "gemini-3\.5-flash" is deprecated: Google routes it to gemini-3\.6-flash/);
    expect(warnings[0]).toMatchObject({ provider: "gemini", model: "gemini-3.5-flash" });
  });

  it("still names another deprecated id once, on its own", () => {
    const first = setup([], { geminiModel: "gemini-3.7-flash" });
    const second = setup([], { geminiModel: "gemini-3.7-flash" });
    const warnings = [...deprecationWarnings(first.lines), ...deprecationWarnings(second.lines)];
    expect(warnings.map((line) => line.msg)).toEqual([
      expect.stringMatching(/"gemini-3\.7-flash" is deprecated: Google routes it to gemini-3\.8-flash/),
    ]);
  });

  it("is never written for the current GA Flash", () => {
    const { lines } = setup([]);
    expect(lines.filter((line) => line.level === "warn")).toEqual([]);
  });
});
