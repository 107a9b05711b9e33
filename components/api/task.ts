// The task as GET /api/tasks/:id returns it (interfaces.md). Plain types only: this file ships to the browser.

export type TaskStatus = "queued" | "submitting" | "starting" | "processing" | "succeeded" | "failed" | "canceled";

export interface Task {
  id: string;
  status: TaskStatus;
  progress: number;
  model: string;
  prompt: string;
  aspect_ratio: string;
  is_private: boolean;
  locale: string;
  images: { url: string }[];
  error: { code: string; message: string } | null;
  cost_usd: number | null;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
}

export interface TaskPage {
  tasks: Task[];
  next_cursor: string | null;
}

export function isTerminal(status: TaskStatus): boolean {
  return status === "succeeded" || status === "failed" || status === "canceled";
}

/** Newest first, each id once; a fresher copy of a task (later in `incoming`) replaces the stored one. */
export function mergeTasks(current: readonly Task[], incoming: readonly Task[]): Task[] {
  const byId = new Map(current.map((task) => [task.id, task]));
  for (const task of incoming) byId.set(task.id, task);
  return [...byId.values()].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
}
