/**
 * Anonymous identity: a signed, http-only cookie `sid=<userId>.<hmac>` (HMAC-SHA256 with
 * SESSION_SECRET, Web Crypto). A cookie that fails verification is ignored and the browser
 * becomes a new user: never the old one.
 */
export const SESSION_COOKIE = "sid";
const ONE_YEAR_SECONDS = 60 * 60 * 24 * 365;
const USER_ID = /^u_[A-Za-z0-9_-]{22}$/;

const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    keys.set(secret, key);
  }
  return key;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

export function newUserId(): string {
  return `u_${toBase64Url(crypto.getRandomValues(new Uint8Array(16)))}`;
}

export async function signSession(userId: string, secret: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), new TextEncoder().encode(userId));
  return `${userId}.${toBase64Url(new Uint8Array(mac))}`;
}

/** The user id of a valid cookie value, else null. `subtle.verify` compares in constant time. */
export async function verifySession(value: string | undefined, secret: string): Promise<string | null> {
  if (!value) return null;
  const dot = value.lastIndexOf(".");
  const userId = value.slice(0, dot);
  const mac = fromBase64Url(value.slice(dot + 1));
  if (dot < 0 || !USER_ID.test(userId) || !mac) return null;
  const ok = await crypto.subtle.verify("HMAC", await hmacKey(secret), mac, new TextEncoder().encode(userId));
  return ok ? userId : null;
}

export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function sessionCookieHeader(value: string, secure: boolean): string {
  const attributes = [`${SESSION_COOKIE}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${ONE_YEAR_SECONDS}`];
  if (secure) attributes.push("Secure");
  return attributes.join("; ");
}
