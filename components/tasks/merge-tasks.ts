import type { TaskView } from "@/lib/shared/task-view";

/** Newest first, each id once; a fresher copy of a task (later in `incoming`) replaces the stored one. */
export function mergeTasks(current: readonly TaskView[], incoming: readonly TaskView[]): TaskView[] {
  const byId = new Map(current.map((task) => [task.id, task]));
  for (const task of incoming) byId.set(task.id, task);
  return [...byId.values()].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
}
