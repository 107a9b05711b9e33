// The task as GET /api/tasks/:id returns it, with browser-side helpers; the contract is lib/tasks/task-view.ts.

import { isTerminalStatus } from "@/db/task-status";
import type { TaskView, TaskViewPage, TaskViewStatus } from "@/lib/tasks/task-view";

export { ABORTED_CODE } from "@/lib/tasks/task-view";
export type TaskStatus = TaskViewStatus;
export type Task = TaskView;
export type TaskPage = TaskViewPage;

export function isTerminal(status: TaskStatus): boolean {
  return isTerminalStatus(status);
}

/** Newest first, each id once; a fresher copy of a task (later in `incoming`) replaces the stored one. */
export function mergeTasks(current: readonly Task[], incoming: readonly Task[]): Task[] {
  const byId = new Map(current.map((task) => [task.id, task]));
  for (const task of incoming) byId.set(task.id, task);
  return [...byId.values()].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
}
