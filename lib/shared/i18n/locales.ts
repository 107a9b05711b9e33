export const LOCALES = ["en", "zh"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

export function isLocale(value: string | undefined): value is Locale {
  return value !== undefined && (LOCALES as readonly string[]).includes(value);
}

/** The locale that starts a path ("/zh/gallery" → "zh"), or null when there is none. */
export function localeOfPath(pathname: string): Locale | null {
  const first = pathname.split("/")[1];
  return isLocale(first) ? first : null;
}

/** The same page in another locale; paths without a locale get one prefixed. */
export function switchLocalePath(pathname: string, locale: Locale): string {
  const current = localeOfPath(pathname);
  const rest = current ? pathname.slice(current.length + 1) : pathname;
  return `/${locale}${rest === "/" ? "" : rest}`;
}
