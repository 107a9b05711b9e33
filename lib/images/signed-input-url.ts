import "server-only";
import { hmacSign, hmacVerify } from "@/lib/platform/hmac";

/**
 * The provider reads the image it edits through a short-lived signed URL served by the app, so the bucket stays
 * private. The signature covers the R2 key and the expiry; its key is derived for this purpose alone.
 */
const PURPOSE = "input-image-url";
/** At most an hour: Replicate fetches the input when the prediction starts, which may follow a queue wait. */
const INPUT_URL_TTL_SECONDS = 60 * 60;
const INPUT_URL_PATH = "/api/input-images";

const message = (key: string, expires: number) => `${key}\n${expires}`;

export async function signInputImageUrl(
  appUrl: string,
  secret: string,
  key: string,
  nowMs: number,
  ttlSeconds = INPUT_URL_TTL_SECONDS,
): Promise<string> {
  const expires = Math.floor(nowMs / 1000) + Math.min(ttlSeconds, INPUT_URL_TTL_SECONDS);
  const sig = await hmacSign(secret, PURPOSE, message(key, expires));
  const query = new URLSearchParams({ key, exp: String(expires), sig });
  return `${appUrl}${INPUT_URL_PATH}?${query}`;
}

/** True when `sig` signs `key` and `exp`, and `exp` is in the future but no more than the TTL away. */
export async function verifyInputImageUrl(
  secret: string,
  { key, exp, sig }: { key: string; exp: number; sig: string },
  nowMs: number,
): Promise<boolean> {
  const now = Math.floor(nowMs / 1000);
  if (!Number.isInteger(exp) || exp <= now || exp > now + INPUT_URL_TTL_SECONDS) return false;
  return hmacVerify(secret, PURPOSE, message(key, exp), sig);
}
