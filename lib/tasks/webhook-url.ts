import "server-only";
import { hmacSign, hmacVerify } from "@/lib/platform/hmac";

/** The key purpose of the `sig` in webhook URLs (derived from REPLICATE_WEBHOOK_SECRET, see lib/crypto/hmac). */
const WEBHOOK_URL_PURPOSE = "webhook-url";

/**
 * Where Replicate sends this task's events. `?task=` finds the row even before the create call returns;
 * `&sig=` (an HMAC of the task id) binds a delivery to the task it was made for, because the Standard
 * Webhooks signature covers the body only, not the URL.
 */
export async function webhookUrlFor(appUrl: string, taskId: string, webhookSecret: string): Promise<string> {
  const sig = await hmacSign(webhookSecret, WEBHOOK_URL_PURPOSE, taskId);
  return `${appUrl}/api/webhooks/replicate?task=${encodeURIComponent(taskId)}&sig=${sig}`;
}

/** Whether `sig` is the one `webhookUrlFor` put in this task's URL (constant-time comparison). */
export function isWebhookSigFor(taskId: string, sig: string, webhookSecret: string): Promise<boolean> {
  return hmacVerify(webhookSecret, WEBHOOK_URL_PURPOSE, taskId, sig);
}
