const formats = new Map<string, Intl.NumberFormat>();

/**
 * A charge to the micro-dollar it was counted in (`$0.00025`), for putting models' prices side by side; the studio's
 * other money labels round to four places.
 */
export function exactUsd(usd: number, locale: string): string {
  const tag = locale === "zh" ? "zh-CN" : "en-US";
  let format = formats.get(tag);
  if (!format) {
    format = new Intl.NumberFormat(tag, { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 6 });
    formats.set(tag, format);
  }
  return format.format(usd);
}

/** Create to done: tenths of a second under a minute (fast models differ by less than a second), else m:ss. */
export function runSeconds(ms: number, formatLonger: (ms: number) => string): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : formatLonger(ms);
}
