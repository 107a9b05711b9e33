import "server-only";
import ipaddr from "ipaddr.js";
import { hmacSign } from "@/lib/platform/hmac";

/**
 * The address a request came from: `CF-Connecting-IP`, which Cloudflare's edge sets and a client cannot forge
 * there (wrangler pages dev sets it to the peer address). Stored only as a keyed hash, never raw.
 */
function clientAddressOf(headers: Headers): string {
  return headers.get("cf-connecting-ip")?.trim() || "unknown";
}

/**
 * The network that counts as one client. An ISP hands even one home line a whole IPv6 /64 and hosts pick any
 * address in it at will (privacy addresses, `ip addr add`), so keying on the full IPv6 address would give one
 * machine 2^64 clients; the /64 is the smallest block one subscriber cannot multiply. IPv4 stays the address
 * (NAT already shares it), and an IPv4-mapped IPv6 address is that IPv4 client, however it reached us.
 *
 * Spellings that name one network give one string (zone ids dropped: they name an interface of ours, not the
 * client). Missing is "unknown"; text that is no address stays as it was, trimmed, so such keys are the same as
 * before this normalisation — only a forged header can carry one, and a forger can as well send real addresses.
 * @internal Exported for its unit test (tests/unit/client-address.test.ts).
 */
export function clientNetworkOf(address: string): string {
  const trimmed = address.trim();
  if (trimmed === "") return "unknown";
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.process(trimmed);
  } catch {
    return trimmed;
  }
  if (!(parsed instanceof ipaddr.IPv6)) return parsed.toString();
  const network = new ipaddr.IPv6([...parsed.parts.slice(0, 4), 0, 0, 0, 0]);
  return `${network.toString()}/64`;
}

/**
 * A stable, non-reversible key for one client network (see `clientNetworkOf`): HMAC under the server secret,
 * shortened. Every per-client limit, budget and fair share must key on this, or a /64 is many clients again.
 */
export async function clientKeyOf(headers: Headers, secret: string): Promise<string> {
  const mac = await hmacSign(secret, "client-address", clientNetworkOf(clientAddressOf(headers)));
  return `c_${mac.slice(0, 22)}`;
}
