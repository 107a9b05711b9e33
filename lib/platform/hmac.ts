import "server-only";
/**
 * HMAC-SHA256 over Web Crypto, the one place the app signs things: session cookies, webhook URLs, the admin
 * session, client-address hashes, signed image URLs. Each use derives its own key from a root secret and a
 * purpose label, so a value signed for one purpose never verifies for another.
 */
const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function importKey(material: string): Promise<CryptoKey> {
  let key = keys.get(material);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(material), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    keys.set(material, key);
  }
  return key;
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  // A length of 4n+1 is no base64 at all (atob throws on it): a forged value, not a server error.
  if (!/^[A-Za-z0-9_-]+$/.test(text) || text.length % 4 === 1) return null;
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** The key material for one purpose: `purpose` and `secret` together, so no two purposes share a key. */
function keyFor(secret: string, purpose: string): Promise<CryptoKey> {
  return importKey(`${purpose}\u0000${secret}`);
}

/** Base64url HMAC of `message` under the key for `purpose`. */
export async function hmacSign(secret: string, purpose: string, message: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await keyFor(secret, purpose), encoder.encode(message));
  return toBase64Url(new Uint8Array(mac));
}

/** Whether `mac` is the HMAC of `message`; `subtle.verify` compares in constant time. */
export async function hmacVerify(secret: string, purpose: string, message: string, mac: string): Promise<boolean> {
  const bytes = fromBase64Url(mac);
  if (!bytes) return false;
  return crypto.subtle.verify("HMAC", await keyFor(secret, purpose), bytes, encoder.encode(message));
}
