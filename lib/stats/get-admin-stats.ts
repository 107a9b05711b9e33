import "server-only";
import { gatewayCallStats } from "@/db/queries/gateway-calls";
import { gatewayCallsPerBucket, gatewayLatencyPercentiles } from "@/db/queries/stats-gateway";
import { taskFailureCodes } from "@/db/queries/stats-tasks";
import { listTasksForStats } from "@/db/queries/task-stats";
import { listDailySpend, listTopClients } from "@/db/queries/spend";
import { sumRefusals } from "@/db/queries/refusals";
import { listDailyUploadBytes } from "@/db/queries/upload-quota";
import { budgetCapsOf } from "@/lib/spend/budgets";
import { uploadQuotaCapsOf } from "@/lib/spend/upload-limits";
import { utcDayOf } from "@/lib/shared/time";
import { summarizeRefusals, summarizeSpend } from "./spend-figures";
import type { Db } from "@/db/client";
import type { AppEnv } from "@/lib/platform/env";
import { summarizeGatewayCalls } from "./gateway-figures";
import { geminiModelFigures } from "./gemini-model";
import { currentPrices } from "./prices";
import { summarizeTasks } from "./task-figures";
import type { AdminStats } from "../shared/admin-stats";
import { windowRange, type StatsWindow } from "../shared/stats-windows";

export interface StatsSource {
  db: Db;
  env: Pick<
    AppEnv,
    | "GEMINI_MODEL"
    | "MODEL_PRICES_USD"
    | "BUDGET_USER_USD_PER_DAY"
    | "BUDGET_CLIENT_USD_PER_DAY"
    | "BUDGET_GLOBAL_USD_PER_DAY"
    | "UPLOAD_USER_BYTES_PER_DAY"
    | "UPLOAD_CLIENT_BYTES_PER_DAY"
  >;
  now: () => number;
}

/** Gateway call and task figures over `window` (ending now), read from gateway_calls and tasks in parallel. */
export async function getAdminStats({ db, env, now }: StatsSource, window: StatsWindow): Promise<AdminStats> {
  const range = windowRange(window, now());
  const { since, bucketMs } = range;
  const fromDay = utcDayOf(since);
  const [aggregates, percentiles, buckets, taskStats, failures, daily, topClients, refusals, uploadDays] = await Promise.all([
    gatewayCallStats(db, { since }),
    gatewayLatencyPercentiles(db, { since }),
    gatewayCallsPerBucket(db, { since, bucketMs }),
    listTasksForStats(db, { since }),
    taskFailureCodes(db, { since }),
    listDailySpend(db, { fromDay }),
    listTopClients(db, { fromDay, limit: 10 }),
    sumRefusals(db, { since }),
    listDailyUploadBytes(db, { fromDay }),
  ]);
  return {
    window,
    since: new Date(since).toISOString(),
    until: new Date(range.until).toISOString(),
    bucket_ms: bucketMs,
    gateway: summarizeGatewayCalls({ aggregates, percentiles, buckets }, range),
    tasks: summarizeTasks({ stats: taskStats, failures, prices: currentPrices(env.MODEL_PRICES_USD) }, range),
    spend: summarizeSpend({ caps: budgetCapsOf(env), daily, topClients, uploadCaps: uploadQuotaCapsOf(env), uploadDays }),
    refusals: summarizeRefusals(refusals),
    gemini: geminiModelFigures(env.GEMINI_MODEL),
  };
}
