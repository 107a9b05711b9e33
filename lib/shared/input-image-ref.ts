import { MAX_OUTPUTS_PER_TASK } from "@/lib/shared/limits";

/**
 * How the API names an image a model reads: an upload id `upl_…`, or `task:<taskId>/<index>` for an output of a
 * task. Pure parsing, so the server's checks and the studio agree on one spelling.
 */
const UPLOAD_REF = /^upl_[0-9a-f]{32}$/;
const TASK_REF = /^task:([A-Za-z0-9_-]{1,100})\/(\d)$/;

export const INPUT_IMAGE_FORMAT = "an upload id (upl_…) or task:<taskId>/<index>";

export type InputImageRef = { kind: "upload"; uploadId: string } | { kind: "task"; taskId: string; index: number };

export function parseInputImageRef(ref: string): InputImageRef | null {
  if (UPLOAD_REF.test(ref)) return { kind: "upload", uploadId: ref };
  const match = TASK_REF.exec(ref);
  const index = Number(match?.[2]);
  return match && index < MAX_OUTPUTS_PER_TASK ? { kind: "task", taskId: match[1]!, index } : null;
}

/** Where the browser shows the image a task edited: the upload (its owner only) or the source task's output. */
export function inputImageViewUrl(ref: string | null): string | null {
  const parsed = ref === null ? null : parseInputImageRef(ref);
  if (!parsed) return null;
  return parsed.kind === "upload" ? `/api/uploads/${parsed.uploadId}` : `/api/images/${parsed.taskId}/${parsed.index}`;
}

/** The parent a `task:` reference implies, so an edit links to what it edited. */
export function taskOfInputImage(ref: string): string | null {
  const parsed = parseInputImageRef(ref);
  return parsed?.kind === "task" ? parsed.taskId : null;
}
