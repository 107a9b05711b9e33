// The task as the HTTP API returns it. Plain types that import only types, so the browser code and the test fakes
// share the server's contract without pulling server code in.

import type { TaskStatus } from "@/db/task-status";
import type { ErrorCode } from "@/lib/error-codes";

export type TaskViewStatus = TaskStatus;

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
  /** The seed the provider used (the input's, else from its logs); null until known or when it reports none. */
  seed: number | null;
  /**
   * False when the same seed need not give the same image again: cog-flux's `go_fast` (its default) runs in fp8,
   * which is not deterministic.
   */
  seed_reproducible: boolean;
  /** The task this one was remixed or edited from. */
  parent_id: string | null;
  /**
   * The image this task edits (FLUX Kontext): `url` follows that image's own visibility; `ref` is how
   * POST /api/generate names it again (`upl_…` or `task:<taskId>/<index>`).
   */
  input_image: { url: string; ref: string } | null;
  /** The model's own knobs as stored (num_outputs, output_format, guidance, …), so a remix can carry them all. */
  settings: Record<string, unknown>;
  images: { url: string }[];
  error: { code: ErrorCode; message: string } | null;
  cost_usd: number | null;
  /**
   * Its owner asked to cancel it. Until the provider confirms the prediction ended, the task keeps its status
   * (and its slot and reservation) and reads as canceling; then it shows how it really ended.
   */
  cancel_requested: boolean;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
}

export interface TaskViewPage {
  tasks: TaskView[];
  next_cursor: string | null;
}
