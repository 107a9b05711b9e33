import type { Locale } from "@/lib/shared/i18n/locales";
import { formatUsd } from "@/lib/shared/money";
import { DAY_MS } from "@/lib/shared/time";

const MIB = 1024 * 1024;
const INTL_LOCALE: Record<Locale, string> = { en: "en-US", zh: "zh-CN" };

/** Number, money and time formats of one locale; times are UTC because the server does not know the viewer's zone. */
export function createFormatters(locale: Locale) {
  const tag = INTL_LOCALE[locale];
  const integer = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(tag, { style: "percent", maximumFractionDigits: 1 });
  const seconds = new Intl.NumberFormat(tag, { maximumFractionDigits: 1 });
  const size = new Intl.NumberFormat(tag, { maximumFractionDigits: 1 });
  const clock = new Intl.DateTimeFormat(tag, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });
  const date = new Intl.DateTimeFormat(tag, { month: "2-digit", day: "2-digit", timeZone: "UTC" });
  const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "short", hourCycle: "h23", timeZone: "UTC" });

  return {
    count: (value: number) => integer.format(value),
    percent: (ratio: number | null) => (ratio === null ? "–" : percent.format(ratio)),
    ms: (value: number) => (value >= 10_000 ? `${seconds.format(value / 1000)} s` : `${integer.format(value)} ms`),
    usd: (value: number) => formatUsd(value, locale),
    /** Bytes in binary units, as the upload caps are written: `12.5 MB`, `830 kB`, `202 B`. */
    bytes: (value: number) => {
      if (value >= MIB) return `${size.format(value / MIB)} MB`;
      return value >= 1024 ? `${integer.format(Math.round(value / 1024))} kB` : `${integer.format(value)} B`;
    },
    /** A bucket's start: a time of day for short buckets, a date for days, both in between (7 days of 6 hours). */
    bucket: (iso: string, bucketMs: number) => {
      const time = new Date(iso);
      if (bucketMs >= DAY_MS) return date.format(time);
      return bucketMs >= DAY_MS / 4 ? `${date.format(time)} ${clock.format(time)}` : clock.format(time);
    },
    day: (day: string) => date.format(new Date(`${day}T00:00:00Z`)),
    dateTime: (iso: string) => dateTime.format(new Date(iso)),
  };
}

export type Formatters = ReturnType<typeof createFormatters>;
