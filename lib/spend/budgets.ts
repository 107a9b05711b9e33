import "server-only";
import type { SpendView } from "@/lib/shared/api/me";
import type { App } from "@/lib/platform/app";
import type { AppEnv } from "@/lib/platform/env";
import { AppError } from "@/lib/platform/errors";
import { describeWait, nextUtcMidnight, utcDayOf } from "@/lib/shared/time";
import { formatUsd, microsToUsd, usdToMicros } from "@/lib/shared/money";
import { readSpendTotals, releaseSpend, reserveSpend, type BudgetCaps, type SpendSubjects } from "@/db/queries/spend";
import type { SpendScope } from "@/db/schema";

export function budgetCapsOf(env: Pick<AppEnv, "BUDGET_USER_USD_PER_DAY" | "BUDGET_CLIENT_USD_PER_DAY" | "BUDGET_GLOBAL_USD_PER_DAY">): BudgetCaps {
  return {
    user: usdToMicros(env.BUDGET_USER_USD_PER_DAY),
    client: usdToMicros(env.BUDGET_CLIENT_USD_PER_DAY),
    global: usdToMicros(env.BUDGET_GLOBAL_USD_PER_DAY),
  };
}

export interface Payer {
  userId: string;
  clientKey: string;
}

/** A reservation held for one request: what to give back, on which day, if it buys nothing. */
export type Reservation = SpendSubjects & { micros: number };

/**
 * Reserves the price of what was asked against every budget before any provider call; refuses with
 * `429 budget_exceeded` (Retry-After = seconds to the UTC reset) naming the budget and its amounts.
 */
export async function reserveBudget(app: App, payer: Payer, micros: number): Promise<Reservation> {
  const now = app.now();
  const subjects = { day: utcDayOf(now), ...payer };
  const caps = budgetCapsOf(app.env);
  if (await reserveSpend(app.db, { ...subjects, micros, caps })) return { ...subjects, micros };

  const totals = await readSpendTotals(app.db, subjects);
  const scope = (["user", "client", "global"] as const).find((name) => caps[name] > 0 && totals[name] + micros > caps[name]) ?? "global";
  const resetsInMs = nextUtcMidnight(now) - now;
  throw new AppError("budget_exceeded", refusalMessage(scope, caps[scope], caps[scope] - totals[scope], micros, resetsInMs), {
    retryAfterSeconds: Math.max(1, Math.ceil(resetsInMs / 1000)),
  });
}

const BUDGET_NAMES: Record<SpendScope, string> = {
  user: "Today's budget",
  client: "Today's budget for your network",
  global: "The studio's budget for today",
};

function refusalMessage(scope: SpendScope, capMicros: number, leftMicros: number, costMicros: number, resetsInMs: number) {
  const name = `${BUDGET_NAMES[scope]} of ${formatUsd(microsToUsd(capMicros))}`;
  const when = `it resets in ${describeWait(resetsInMs)}`;
  if (leftMicros <= 0) return `${name} is used up; ${when}.`;
  return `${name} has ${formatUsd(microsToUsd(leftMicros))} left, less than this costs (${formatUsd(microsToUsd(costMicros))}); ${when}.`;
}

/** Gives a reservation back when its request bought nothing (a task's end settles itself in the database). */
export function releaseBudget(app: App, reservation: Reservation): Promise<void> {
  return releaseSpend(app.db, reservation);
}

/** The caller's spend today, as GET /api/me shows it. */
export async function spendViewOf(app: App, payer: Payer): Promise<SpendView> {
  const now = app.now();
  const totals = await readSpendTotals(app.db, { day: utcDayOf(now), ...payer });
  const caps = budgetCapsOf(app.env);
  const left = (["user", "client", "global"] as const).filter((scope) => caps[scope] > 0).map((scope) => Math.max(0, caps[scope] - totals[scope]));
  return {
    today_usd: microsToUsd(totals.user),
    budget_usd: caps.user > 0 ? microsToUsd(caps.user) : null,
    available_usd: left.length > 0 ? microsToUsd(Math.min(...left)) : null,
    resets_at: new Date(nextUtcMidnight(now)).toISOString(),
  };
}
