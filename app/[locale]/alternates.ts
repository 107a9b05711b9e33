import type { Metadata } from "next";
import { DEFAULT_LOCALE, LOCALES, type Locale } from "@/lib/shared/i18n/locales";

/**
 * A page's canonical URL and the same page in every language (`<link rel="alternate" hreflang>`), given its path
 * after the locale ("" for the studio, "/gallery"). Search engines want each page to name its own translations, not
 * the home page. Relative here; the layout's `metadataBase` (APP_URL) makes them absolute, as hreflang requires.
 */
export function localeAlternates(locale: Locale, path: string): NonNullable<Metadata["alternates"]> {
  const languages: Record<string, string> = Object.fromEntries(LOCALES.map((each) => [each, `/${each}${path}`]));
  // "/" picks a language from Accept-Language; deeper pages fall back to the default language.
  languages["x-default"] = path === "" ? "/" : `/${DEFAULT_LOCALE}${path}`;
  return { canonical: `/${locale}${path}`, languages };
}
