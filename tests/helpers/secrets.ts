import { randomBytes } from "node:crypto";

/** Secrets for one test process; logs and responses are checked for every one of them. */
export const TEST_SECRETS = {
  gatewayToken: `gw_${randomBytes(12).toString("hex")}`,
  replicateApiToken: `r8_${randomBytes(18).toString("hex")}`,
  geminiApiKey: `AIza${randomBytes(18).toString("hex")}`,
  webhookSecret: `whsec_${randomBytes(24).toString("base64")}`,
  sessionSecret: randomBytes(32).toString("base64url"),
  adminToken: `adm_${randomBytes(16).toString("hex")}`,
};

/** The secrets that occur in any of these lines (the webhook key is also checked without its prefix). */
export function leakedSecrets(lines: string[]): string[] {
  const secrets: string[] = Object.values(TEST_SECRETS);
  secrets.push(TEST_SECRETS.webhookSecret.slice("whsec_".length));
  return secrets.filter((secret) => lines.some((line) => line.includes(secret)));
}
