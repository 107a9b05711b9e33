import type { App } from "@/lib/app";
import { AppError } from "@/lib/errors";
import { getVisibleTask } from "@/lib/tasks/read-tasks";
import { getTaskById } from "@/db/queries/tasks";
import { getUploadById } from "@/db/queries/uploads";

/**
 * An image a model edits, named as the API takes it (interfaces.md): an upload id `upl_…`, or
 * `task:<taskId>/<index>` for an output of a task.
 */
const UPLOAD_REF = /^upl_[0-9a-f]{32}$/;
const TASK_REF = /^task:([A-Za-z0-9_-]{1,100})\/([0-3])$/;

export const INPUT_IMAGE_FORMAT = "an upload id (upl_…) or task:<taskId>/<index>";

type ParsedRef = { kind: "upload"; uploadId: string } | { kind: "task"; taskId: string; index: number };

function parseRef(ref: string): ParsedRef | null {
  if (UPLOAD_REF.test(ref)) return { kind: "upload", uploadId: ref };
  const match = TASK_REF.exec(ref);
  return match ? { kind: "task", taskId: match[1]!, index: Number(match[2]) } : null;
}

const notVisible = () => new AppError("not_found", "input_image: there is no such image, or it is not yours to edit.");

/** The R2 key of the image `ref` names, if `viewerId` may see it (404 otherwise: uploads are their owner's alone). */
export async function resolveVisibleInputImage(app: App, ref: string, viewerId: string): Promise<string> {
  const parsed = parseRef(ref);
  if (!parsed) throw new AppError("invalid_input", `input_image: must be ${INPUT_IMAGE_FORMAT}.`);
  if (parsed.kind === "upload") {
    const upload = await getUploadById(app.db, { id: parsed.uploadId });
    if (!upload || upload.userId !== viewerId) throw notVisible();
    return upload.r2Key;
  }
  const task = await getVisibleTask(app, parsed.taskId, viewerId).catch(() => {
    throw notVisible();
  });
  const key = task.outputKeys[parsed.index];
  if (key === undefined) throw notVisible();
  return key;
}

/** The R2 key behind a stored reference (visibility was checked when the task was created), or null if gone. */
export async function inputImageKey(app: App, ref: string): Promise<string | null> {
  const parsed = parseRef(ref);
  if (!parsed) return null;
  if (parsed.kind === "upload") return (await getUploadById(app.db, { id: parsed.uploadId }))?.r2Key ?? null;
  return (await getTaskById(app.db, { id: parsed.taskId }))?.outputKeys[parsed.index] ?? null;
}

/** Where the browser shows the image a task edited: the upload (its owner only) or the source task's output. */
export function inputImageViewUrl(ref: string | null): string | null {
  const parsed = ref === null ? null : parseRef(ref);
  if (!parsed) return null;
  return parsed.kind === "upload" ? `/api/uploads/${parsed.uploadId}` : `/api/images/${parsed.taskId}/${parsed.index}`;
}

/** The parent a `task:` reference implies, so an edit links to what it edited. */
export function taskOfInputImage(ref: string): string | null {
  const parsed = parseRef(ref);
  return parsed?.kind === "task" ? parsed.taskId : null;
}
