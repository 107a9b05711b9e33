import { hmacSign } from "@/lib/crypto/hmac";

/**
 * The address a request came from: `CF-Connecting-IP`, which Cloudflare's edge sets and a client cannot forge
 * there (wrangler pages dev sets it to the peer address). Stored only as a keyed hash, never raw.
 */
function clientAddressOf(headers: Headers): string {
  return headers.get("cf-connecting-ip")?.trim() || "unknown";
}

/** A stable, non-reversible key for one client address: HMAC under the server secret, shortened. */
export async function clientKeyOf(headers: Headers, secret: string): Promise<string> {
  const mac = await hmacSign(secret, "client-address", clientAddressOf(headers));
  return `c_${mac.slice(0, 22)}`;
}
