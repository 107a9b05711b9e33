import { DEFAULT_LOCALE, type Locale } from "./locales";

interface LanguageRange {
  tag: string;
  quality: number;
  order: number;
}

function parseAcceptLanguage(header: string): LanguageRange[] {
  return header
    .split(",")
    .map((part, order) => {
      const [rawTag = "", ...params] = part.trim().split(";");
      const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const quality = qParam === undefined ? 1 : Number.parseFloat(qParam.slice(2));
      return { tag: rawTag.trim().toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, order };
    })
    .filter((range) => range.tag !== "" && range.quality > 0);
}

function localeForTag(tag: string): Locale | null {
  if (tag === "zh" || tag.startsWith("zh-")) return "zh";
  if (tag === "en" || tag.startsWith("en-")) return "en";
  return null;
}

/**
 * The supported locale a browser prefers most, from its Accept-Language header.
 * zh* → zh, en* → en; languages we do not have are skipped; nothing usable → en.
 */
export function pickLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranked = parseAcceptLanguage(acceptLanguage).sort((a, b) => b.quality - a.quality || a.order - b.order);
  for (const range of ranked) {
    const locale = localeForTag(range.tag);
    if (locale) return locale;
  }
  return DEFAULT_LOCALE;
}
