import { randomBytes } from "node:crypto";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function randomChars(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

/** ULID-like id (26 Crockford base32 chars, time-ordered), as the gateway's `cf-aig-log-id`. */
export function newUlid(now: number = Date.now()): string {
  let time = "";
  let rest = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[rest % 32] + time;
    rest = Math.floor(rest / 32);
  }
  return time + randomChars(CROCKFORD, 16);
}

/** Replicate-style prediction id: 26 lowercase base32 chars. */
export function newPredictionId(): string {
  return randomChars(CROCKFORD, 26).toLowerCase();
}

/** Standard Webhooks message id; the same id is reused on retries of one delivery. */
export function newWebhookMessageId(): string {
  return `msg_${randomChars(BASE62, 24)}`;
}

export function newResponseId(): string {
  return randomChars(BASE62, 22);
}

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}
