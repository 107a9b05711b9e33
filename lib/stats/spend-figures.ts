import "server-only";
import type { listDailySpend, listTopClients } from "@/db/queries/spend";
import type { listDailyUploadBytes, UploadQuotaCaps } from "@/db/queries/upload-quota";
import { REFUSAL_REASONS, type RefusalReason } from "@/lib/shared/refusal-reasons";
import type { BudgetCaps } from "@/db/queries/spend";
import { microsToUsd } from "@/lib/shared/money";
import type { AdminStats, SpendFigures } from "../shared/admin-stats";

interface SpendRows {
  caps: BudgetCaps;
  daily: Awaited<ReturnType<typeof listDailySpend>>;
  topClients: Awaited<ReturnType<typeof listTopClients>>;
  uploadCaps: UploadQuotaCaps;
  uploadDays: Awaited<ReturnType<typeof listDailyUploadBytes>>;
}

const budget = (micros: number) => (micros === 0 ? null : microsToUsd(micros));

export function summarizeSpend({ caps, daily, topClients, uploadCaps, uploadDays }: SpendRows): SpendFigures {
  const days = new Map<string, SpendFigures["days"][number]>();
  for (const row of daily) {
    const day = days.get(row.day) ?? { day: row.day, global_usd: 0, top_user_usd: 0, top_client_usd: 0 };
    const usd = microsToUsd(row.micros);
    if (row.scope === "global") day.global_usd = usd;
    else if (row.scope === "user") day.top_user_usd = usd;
    else day.top_client_usd = usd;
    days.set(row.day, day);
  }
  return {
    budgets_usd: { user: budget(caps.user), client: budget(caps.client), global: budget(caps.global) },
    days: [...days.values()],
    top_clients: topClients.map((row) => ({ client: row.clientKey, spent_usd: microsToUsd(row.micros) })),
    uploads: {
      quota_bytes: { user: uploadCaps.user || null, client: uploadCaps.client || null },
      days: uploadDays.map(({ day, bytes }) => ({ day, bytes })),
    },
  };
}

export function summarizeRefusals(rows: { reason: RefusalReason; count: number }[]): AdminStats["refusals"] {
  const counts = new Map(rows.map((row) => [row.reason, row.count]));
  return REFUSAL_REASONS.map((reason) => ({ reason, count: counts.get(reason) ?? 0 }));
}
