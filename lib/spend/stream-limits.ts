import "server-only";
import type { App } from "@/lib/platform/app";
import { AppError } from "@/lib/platform/errors";
import { hitRateLimit } from "@/db/queries/rate-limits";
import { closeStream, openStreamWithinCaps } from "@/db/queries/streams";

const MINUTE_MS = 60_000;
/**
 * How long past a stream's longest life its row still counts: covers a last check that takes a while. A row its
 * stream never deleted (the runtime dropped the request's work when the client went away, or the isolate died)
 * frees its place after this.
 */
const ROW_GRACE_MS = 10_000;

/**
 * Counts one stream opened by a client address against CLIENT_STREAM_OPENS_PER_MINUTE (0 turns it off); over it
 * is a 429 with Retry-After. Every open counts, refused or not, so a client that keeps asking is held off too.
 */
export async function countStreamOpen(app: App, clientKey: string): Promise<void> {
  const limit = app.env.CLIENT_STREAM_OPENS_PER_MINUTE;
  if (limit === 0) return;
  const hit = await hitRateLimit(app.db, { key: `stream:${clientKey}`, windowMs: MINUTE_MS, limit, now: app.now() });
  if (hit.allowed) return;
  const seconds = Math.max(1, Math.ceil(hit.retryAfterMs / 1000));
  throw new AppError("rate_limited", `Too many live streams opened from your network. Try again in ${seconds} seconds.`, {
    retryAfterSeconds: seconds,
  });
}

/** What viewer a stream counts against: the session's user, else (no session) the client address. */
const viewerKeyOf = (viewerId: string | null, clientKey: string) => (viewerId === null ? `client:${clientKey}` : `user:${viewerId}`);

/**
 * Takes a place for one stream on `taskId`, within CLIENT_STREAMS_MAX per client address and
 * STREAMS_PER_TASK_VIEWER per task and viewer, counted across isolates in D1 (one statement); a full cap is a 429
 * whose Retry-After is the longest a stream lives (one of them ends by then). Returns the function that gives the
 * place back; it never throws (a row it fails to delete stops counting when it expires).
 */
export async function takeStreamPlace(
  app: App,
  { clientKey, viewerId, taskId, lifetimeMs }: { clientKey: string; viewerId: string | null; taskId: string; lifetimeMs: number },
): Promise<() => Promise<void>> {
  const now = app.now();
  const clientCap = app.env.CLIENT_STREAMS_MAX;
  const taskViewerCap = app.env.STREAMS_PER_TASK_VIEWER;
  const id = await openStreamWithinCaps(app.db, {
    clientKey,
    taskId,
    viewerKey: viewerKeyOf(viewerId, clientKey),
    now,
    expiresAt: now + lifetimeMs + ROW_GRACE_MS,
    clientCap,
    taskViewerCap,
  });
  if (id === null) {
    const seconds = Math.max(1, Math.ceil(lifetimeMs / 1000));
    const caps = [clientCap > 0 ? `${clientCap} from one network` : null, taskViewerCap > 0 ? `${taskViewerCap} on one task per viewer` : null];
    throw new AppError(
      "rate_limited",
      `Too many live streams are open (at most ${caps.filter((cap) => cap !== null).join(" and ")}). Close one, or try again in ${seconds} seconds.`,
      { retryAfterSeconds: seconds },
    );
  }
  let released: Promise<void> | null = null;
  return () => {
    released ??= closeStream(app.db, { id }).catch((error: unknown) => {
      app.logger.warn("task.events.release_failed", { taskId, error: String(error) });
    });
    return released;
  };
}
