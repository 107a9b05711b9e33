import { describe, expect, it } from "vitest";
import { en } from "@/lib/shared/i18n/en";
import { zh } from "@/lib/shared/i18n/zh";

function leaves(value: unknown, path = ""): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === "string") {
    out.set(path, value);
    return out;
  }
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    for (const [leafPath, text] of leaves(child, path ? `${path}.${key}` : key)) out.set(leafPath, text);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

// Strings that are legitimately the same in both languages (symbols, file names, code-like examples).
const SAME_IN_BOTH = new Set(["studio.estimate", "gallery.imageAlt"]);

describe("dictionaries", () => {
  const english = leaves(en);
  const chinese = leaves(zh);

  it("have exactly the same keys", () => {
    expect([...chinese.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it("use the same placeholders for each key", () => {
    for (const [key, text] of english) expect(placeholders(chinese.get(key) ?? ""), key).toEqual(placeholders(text));
  });

  it("have no empty strings", () => {
    for (const [key, text] of [...english, ...chinese]) expect(text.trim(), key).not.toBe("");
  });

  it("translate every visible string", () => {
    const untranslated = [...english].filter(([key, text]) => chinese.get(key) === text && !SAME_IN_BOTH.has(key));
    expect(untranslated).toEqual([]);
  });

  it("name a model description for every registry model", async () => {
    const { MODEL_KEYS } = await import("@/lib/shared/models/catalogue");
    for (const key of MODEL_KEYS) {
      expect(Object.keys(en.models), key).toContain(key);
    }
  });
});
