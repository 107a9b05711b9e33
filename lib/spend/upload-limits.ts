import "server-only";
import type { App } from "@/lib/platform/app";
import type { AppEnv } from "@/lib/platform/env";
import { AppError } from "@/lib/platform/errors";
import type { Payer } from "@/lib/spend/budgets";
import { DAY_MS, describeWait, nextUtcMidnight, utcDayOf } from "@/lib/shared/time";
import { hitRateLimit } from "@/db/queries/rate-limits";
import { readUploadBytes, releaseUploadBytes, reserveUploadBytes, type UploadQuotaCaps, type UploadQuotaSubjects } from "@/db/queries/upload-quota";

const MINUTE_MS = 60_000;
const MIB = 1024 * 1024;

export function uploadQuotaCapsOf(env: Pick<AppEnv, "UPLOAD_USER_BYTES_PER_DAY" | "UPLOAD_CLIENT_BYTES_PER_DAY">): UploadQuotaCaps {
  return { user: env.UPLOAD_USER_BYTES_PER_DAY, client: env.UPLOAD_CLIENT_BYTES_PER_DAY };
}

/** `100 MB`, `2.5 MB`, `830 kB` (MB = MiB, as the upload cap is written elsewhere). */
function describeBytes(bytes: number): string {
  if (bytes >= MIB) return `${Number((bytes / MIB).toFixed(1))} MB`;
  return `${Math.max(0, Math.ceil(bytes / 1024))} kB`;
}

/**
 * Counts one upload against the per-user and the per-client-address limits per minute (a limit of 0 is off); over
 * either is a 429 with Retry-After. Called before the body is read, so a refused upload costs no transfer.
 */
export async function enforceUploadRateLimits(app: App, uploader: Payer): Promise<void> {
  const limits = [
    { key: `upload:${uploader.userId}`, limit: app.env.UPLOAD_RATE_LIMIT_PER_MINUTE, from: "" },
    { key: `upload:${uploader.clientKey}`, limit: app.env.CLIENT_UPLOAD_RATE_LIMIT_PER_MINUTE, from: " from your network" },
  ];
  for (const { key, limit, from } of limits) {
    if (limit === 0) continue;
    const hit = await hitRateLimit(app.db, { key, windowMs: MINUTE_MS, limit, now: app.now() });
    if (!hit.allowed) {
      const seconds = Math.max(1, Math.ceil(hit.retryAfterMs / 1000));
      throw new AppError("rate_limited", `Too many uploads${from} (at most ${limit} a minute). Try again in ${seconds} seconds.`, {
        retryAfterSeconds: seconds,
      });
    }
  }
}

/** Bytes counted for one upload: what to give back, on which day, if it is not stored after all. */
export type UploadReservation = UploadQuotaSubjects & { bytes: number };

const QUOTA_NAMES: Record<keyof UploadQuotaCaps, string> = {
  user: "Today's upload quota",
  client: "Today's upload quota for your network",
};

/**
 * Counts the upload's bytes against the day's quotas (per user, per client address) before anything is stored;
 * over either is `429 rate_limited` naming the quota, what is left and when it resets (Retry-After = seconds to the
 * UTC midnight).
 */
export async function reserveUploadQuota(app: App, uploader: Payer, bytes: number): Promise<UploadReservation> {
  const now = app.now();
  const subjects = { day: utcDayOf(now), ...uploader };
  const caps = uploadQuotaCapsOf(app.env);
  const dayStart = Math.floor(now / DAY_MS) * DAY_MS;
  if (await reserveUploadBytes(app.db, { ...subjects, bytes, caps, dayStart })) return { ...subjects, bytes };

  const used = await readUploadBytes(app.db, subjects);
  const scope = (["user", "client"] as const).find((name) => caps[name] > 0 && used[name] + bytes > caps[name]) ?? "user";
  const left = Math.max(0, caps[scope] - used[scope]);
  const resetsInMs = nextUtcMidnight(now) - now;
  const name = `${QUOTA_NAMES[scope]} of ${describeBytes(caps[scope])}`;
  const when = `it resets in ${describeWait(resetsInMs)}`;
  const message =
    left === 0
      ? `${name} is used up; ${when}.`
      : `${name} has ${describeBytes(left)} left, less than this upload (${describeBytes(bytes)}); ${when}.`;
  throw new AppError("rate_limited", message, { retryAfterSeconds: Math.max(1, Math.ceil(resetsInMs / 1000)) });
}

/** Gives the bytes back when the upload was not stored (R2 or D1 failed after they were counted). */
export function releaseUploadQuota(app: App, reservation: UploadReservation): Promise<void> {
  return releaseUploadBytes(app.db, reservation);
}
