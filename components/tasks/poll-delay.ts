export const POLL_FIRST_MS = 500;
/** @internal Exported so tests/unit/ui/task-helpers.test.ts checks the cap. */
export const POLL_MAX_MS = 4000;
/** While the bar is moving, poll at least this often so progress looks live. */
const POLL_ACTIVE_MS = 1000;
/** A server's Retry-After is honoured, but a card never goes quiet for longer than this. */
const POLL_RETRY_CAP_MS = 60_000;

/** Backoff between polls: grows by half while nothing changes, comes back down when the task moves. */
export function nextPollDelay(previousMs: number, changed: boolean): number {
  if (changed) return Math.max(POLL_FIRST_MS, Math.min(previousMs, POLL_ACTIVE_MS));
  return Math.min(POLL_MAX_MS, Math.round(previousMs * 1.5));
}

/** After a failed poll: keep backing off, and never earlier than the server asked. */
export function delayAfterFailure(previousMs: number, retryAfterSeconds: number | null): number {
  const backoff = nextPollDelay(previousMs, false);
  if (retryAfterSeconds === null) return backoff;
  return Math.min(POLL_RETRY_CAP_MS, Math.max(backoff, retryAfterSeconds * 1000));
}
