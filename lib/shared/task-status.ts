// Task statuses and their ranks, the one home of these facts. Plain data with no imports, so the studio can use
// it without pulling the database layer in.

export const TASK_STATUSES = ["queued", "submitting", "starting", "processing", "succeeded", "failed", "canceled"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A task only ever moves to a higher rank; rank 4 (any terminal status) is final. */
export const TASK_STATUS_RANK = {
  queued: 0,
  submitting: 1,
  starting: 2,
  processing: 3,
  succeeded: 4,
  failed: 4,
  canceled: 4,
} as const satisfies Record<TaskStatus, number>;

export const TERMINAL_RANK = 4;
/** Tasks that hold a slot of the per-user and global caps. */
export const IN_FLIGHT_STATUSES = ["submitting", "starting", "processing"] as const satisfies readonly TaskStatus[];

/** Succeeded, failed or canceled: the task never changes again. */
export function isTerminal(status: TaskStatus): boolean {
  return TASK_STATUS_RANK[status] === TERMINAL_RANK;
}
