type Tree = { readonly [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === "string") out.set(`${prefix}${key}`, value);
    else for (const [path, text] of leaves(value, `${prefix}${key}.`)) out.set(path, text);
  }
  return out;
}

// The language switch is written in the language it leads to, on purpose.
const NAMED_IN_THEIR_OWN_LANGUAGE = /^nav\.switchLanguage/;

// Long enough to be unambiguous: a Latin word of four letters, or two Chinese characters.
const DISTINCTIVE = /[A-Za-z]{4}|\p{Script=Han}{2}/u;

/**
 * Phrases of the `other` language that a page in the `shown` language must not display: each string of
 * `other` whose counterpart differs, cut at its {placeholders}.
 */
export function foreignPhrases(shown: Tree, other: Tree): string[] {
  const own = leaves(shown);
  const phrases = new Set<string>();
  for (const [path, text] of leaves(other)) {
    if (own.get(path) === text || NAMED_IN_THEIR_OWN_LANGUAGE.test(path)) continue;
    for (const piece of text.split(/\{[^}]+\}/)) {
      const phrase = piece.trim().replace(/^[\p{P}\s]+|[\p{P}\s]+$/gu, "");
      if (DISTINCTIVE.test(phrase)) phrases.add(phrase);
    }
  }
  return [...phrases];
}

/** The phrases that occur in the text, as shown (case-sensitive). */
export function phrasesIn(text: string, phrases: readonly string[]): string[] {
  return phrases.filter((phrase) => text.includes(phrase));
}
