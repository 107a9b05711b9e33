import { describe, expect, it } from "vitest";
import { searchTermsOf } from "../../lib/shared/search-terms";
import { matchRanges } from "../../lib/tasks/search-match";

const O = "\u0001";
const C = "\u0002";

describe("matchRanges", () => {
  it("reads highlight()'s marks as UTF-16 offsets into the prompt", () => {
    expect(matchRanges("a red fox", `a ${O}red${C} ${O}fox${C}`)).toEqual([
      [2, 5],
      [6, 9],
    ]);
    // A surrogate pair counts two, as JavaScript string indexes do.
    expect(matchRanges("🦊 fox", `🦊 ${O}fox${C}`)).toEqual([[3, 6]]);
  });

  it("keeps a mark character a prompt holds itself as text", () => {
    const prompt = `odd ${O} fox`;
    expect(matchRanges(prompt, `odd ${O} ${O}fox${C}`)).toEqual([[6, 9]]);
  });

  it("gives no ranges rather than wrong ones when the copy is not the prompt", () => {
    expect(matchRanges("a red fox", `a ${O}blue${C} fox`)).toEqual([]);
    expect(matchRanges("a red fox", `a ${O}red${C}`)).toEqual([]);
  });
});

describe("searchTermsOf", () => {
  it("keeps words of any script, drops punctuation, operators and repeats", () => {
    expect(searchTermsOf('"red" fox* NEAR(fox) OR café 猫 and')).toEqual(["red", "fox", "café", "猫", "and"]);
    expect(searchTermsOf("  ")).toEqual([]);
  });
});
