import "server-only";
import { toBase64Url } from "@/lib/platform/hmac";

/**
 * The headers every page carries. The CSP allows scripts only from this origin and those carrying the request's
 * nonce (Next reads the nonce from the request's CSP header and puts it on its own inline scripts);
 * `strict-dynamic` lets those scripts load the chunks they need. No `unsafe-eval` outside `next dev`, whose
 * React tooling needs it. `connect-src 'self'` covers the API and its event streams. Styles allow inline
 * because React renders `style` attributes, which a nonce cannot cover.
 */
export function newNonce(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
}

export function contentSecurityPolicy(nonce: string, options: { development?: boolean } = {}): string {
  const scripts = [`'self'`, `'nonce-${nonce}'`, `'strict-dynamic'`];
  if (options.development) scripts.push(`'unsafe-eval'`);
  return [
    `default-src 'self'`,
    `script-src ${scripts.join(" ")}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self'`,
    `connect-src 'self'`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ].join("; ");
}

export const PAGE_HEADERS = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "strict-origin-when-cross-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
} as const;
