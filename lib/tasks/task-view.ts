// The task as the HTTP API returns it. Plain types that import only types, so the browser code and the test fakes
// share the server's contract without pulling server code in.

import type { TaskStatus } from "@/db/task-status";
import type { ErrorCode } from "@/lib/error-codes";

export type TaskViewStatus = TaskStatus;

export interface TaskView {
  id: string;
  status: TaskViewStatus;
  progress: number;
  model: string;
  prompt: string;
  aspect_ratio: string;
  is_private: boolean;
  locale: string;
  images: { url: string }[];
  error: { code: ErrorCode; message: string } | null;
  cost_usd: number | null;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
}

export interface TaskViewPage {
  tasks: TaskView[];
  next_cursor: string | null;
}
