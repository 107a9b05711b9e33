// How a search box's text becomes the words searched for. Shared: the server turns them into a query of quoted terms,
// and the studio can show what will be looked for. Plain code with no imports.

/** The FTS5 operators: typed bare, they are words of the query language, not words to find. */
const OPERATORS = new Set(["AND", "OR", "NOT", "NEAR"]);

/**
 * The words of a search: runs of letters, marks and digits (in any script); punctuation, quotes, `*`, `^`, `:` and
 * brackets only separate them, and the bare operators AND, OR, NOT and NEAR are dropped. The same word twice is kept once.
 */
export function searchTermsOf(text: string): string[] {
  const words = text.match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((word) => !OPERATORS.has(word)))];
}
