import { createHmac } from "node:crypto";

export interface WebhookSignatureInput {
  /** `whsec_…`: the text after the prefix is the base64 key. */
  secret: string;
  id: string;
  /** Unix seconds. */
  timestamp: number;
  body: string;
}

/** Standard Webhooks v1 signature: `v1,<base64 HMAC-SHA256(key, "id.timestamp.body")>`.
 * @internal Test suites sign their own forged and replayed deliveries with it.
 */
export function signWebhook({ secret, id, timestamp, body }: WebhookSignatureInput): string {
  const key = Buffer.from(secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret, "base64");
  const digest = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
  return `v1,${digest}`;
}

export function webhookHeaders(input: WebhookSignatureInput): Record<string, string> {
  return {
    "content-type": "application/json",
    "user-agent": "Replicate-Webhook/1.0 (flux-studio emulator)",
    "webhook-id": input.id,
    "webhook-timestamp": String(input.timestamp),
    "webhook-signature": signWebhook(input),
  };
}
