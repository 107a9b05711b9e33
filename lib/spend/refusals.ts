import "server-only";
import type { RefusalReason } from "@/lib/shared/refusal-reasons";

// Error codes (lib/errors.ts) of requests refused to protect the owner's money, by the reason the dashboard shows.
const REASON_BY_CODE: Partial<Record<string, RefusalReason>> = {
  rate_limited: "rate",
  queue_full: "queue",
  budget_exceeded: "budget",
  cross_origin: "cross_origin",
};

export function refusalReasonOf(code: string): RefusalReason | undefined {
  return REASON_BY_CODE[code];
}
