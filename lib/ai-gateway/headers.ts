import "server-only";
/** Headers every gateway call carries, whatever the provider. */

export interface GatewayIdentity {
  /** Sent as `cf-aig-authorization: Bearer …`. */
  gatewayToken?: string;
}

export function gatewayHeaders(identity: GatewayIdentity, metadata: Record<string, unknown>): Record<string, string> {
  // The client owns retries: a gateway-level retry setting would otherwise re-send a prediction create (a second
  // paid prediction) and multiply our own attempts.
  const headers: Record<string, string> = { "cf-aig-max-attempts": "1" };
  if (identity.gatewayToken) headers["cf-aig-authorization"] = `Bearer ${identity.gatewayToken}`;
  const meta = metadataHeader(metadata);
  if (meta) headers["cf-aig-metadata"] = meta;
  return headers;
}

/** cf-aig-metadata: at most 5 entries, strings/numbers/booleans only (a null or object value drops the whole header). */
function metadataHeader(entries: Record<string, unknown>): string | undefined {
  const clean: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(entries)) {
    if (Object.keys(clean).length >= 5) break;
    if (typeof value === "string" && value !== "") clean[key] = value.slice(0, 200);
    else if ((typeof value === "number" && Number.isFinite(value)) || typeof value === "boolean") clean[key] = value;
  }
  return Object.keys(clean).length > 0 ? JSON.stringify(clean) : undefined;
}
