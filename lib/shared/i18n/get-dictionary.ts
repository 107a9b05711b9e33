import { en, type Dictionary } from "./en";
import type { Locale } from "./locales";
import { zh } from "./zh";

const DICTIONARIES: Record<Locale, Dictionary> = { en, zh };

// Server-side only by convention: importing this into a client component would ship every language.
export function getDictionary(locale: Locale): Dictionary {
  return DICTIONARIES[locale];
}

export type { Dictionary };
