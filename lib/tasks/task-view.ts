// The task as the HTTP API returns it (interfaces.md). Plain types with no imports, so the browser code and the
// test fakes share the server's contract without pulling server code in.

export type TaskViewStatus = "queued" | "submitting" | "starting" | "processing" | "succeeded" | "failed" | "canceled";

/** `error.code` of a canceled task whose prediction Replicate aborted: not started by its deadline, not charged. */
export const ABORTED_CODE = "aborted";

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
  error: { code: string; message: string } | null;
  cost_usd: number | null;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
}

export interface TaskViewPage {
  tasks: TaskView[];
  next_cursor: string | null;
}
