/** Money is counted in whole micro-dollars everywhere it is added up; dollars only at the edges. */
const MICROS_PER_USD = 1_000_000;

export function usdToMicros(usd: number): number {
  return Math.round(usd * MICROS_PER_USD);
}

export function microsToUsd(micros: number): number {
  return micros / MICROS_PER_USD;
}

/** `$2.00`, `$0.41`; amounts under a cent keep their digits (`$0.003`) so a cheap model does not read as free. */
export function formatUsd(usd: number): string {
  const cents = Math.round(usd * 100) / 100;
  if (Math.abs(usd - cents) < 1e-9 || Math.abs(usd) >= 1) return `$${cents.toFixed(2)}`;
  return `$${Number(usd.toFixed(4))}`;
}
