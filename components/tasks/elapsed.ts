import type { TaskView } from "@/lib/shared/task-view";

/** m:ss (or h:mm:ss): reads the same in every language. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
}

/** Time since the task was created, frozen at completion; null when the timestamps are unreadable. */
export function elapsedMs(task: Pick<TaskView, "created_at" | "completed_at">, now: number): number | null {
  const start = Date.parse(task.created_at);
  if (Number.isNaN(start)) return null;
  const end = task.completed_at === null ? now : Date.parse(task.completed_at);
  return Number.isNaN(end) ? null : Math.max(0, end - start);
}
