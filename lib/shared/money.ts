import type { Locale } from "@/lib/shared/i18n/locales";

/** Money is counted in whole micro-dollars everywhere it is added up; dollars only at the edges. */
const MICROS_PER_USD = 1_000_000;

export function usdToMicros(usd: number): number {
  return Math.round(usd * MICROS_PER_USD);
}

export function microsToUsd(micros: number): number {
  return micros / MICROS_PER_USD;
}

const NUMBER_LOCALE: Record<Locale, string> = { en: "en-US", zh: "zh-CN" };
const usdFormats = new Map<Locale, Intl.NumberFormat>();

/**
 * `$2.00`, `$0.41`; amounts under a cent keep their digits (`$0.003`, `$0.0045`) so a cheap model does not read as
 * free. The one money format: the server's messages (English), the studio's labels and the dashboard.
 */
export function formatUsd(usd: number, locale: Locale = "en"): string {
  let format = usdFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(NUMBER_LOCALE[locale], { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 4 });
    usdFormats.set(locale, format);
  }
  return format.format(usd);
}
