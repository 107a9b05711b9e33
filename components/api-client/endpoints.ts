import { requestJson, type ApiResult } from "./api-result";
import type { GenerateRequest } from "@/lib/shared/api/generate";
import type { MeView } from "@/lib/shared/api/me";
import type { PromptHelpView } from "@/lib/shared/api/prompt";
import type { UploadView } from "@/lib/shared/api/uploads";
import type { TaskPage, TaskView } from "@/lib/shared/task-view";

let session: Promise<boolean> | null = null;

/**
 * Starts this browser's session with `GET /api/me` (the only request that mints one) before the first write,
 * so a person never meets `401 no_session`. A failed attempt is forgotten and tried again next time.
 */
export function ensureSession(): Promise<boolean> {
  session ??= requestJson<{ user: { id: string } }>("/api/me").then((result) => {
    if (!result.ok) session = null;
    return result.ok;
  });
  return session;
}

/** A JSON write with the session in place (a cleared cookie is renewed once). */
export function postJson<T>(url: string, body: unknown, method = "POST"): Promise<ApiResult<T>> {
  return post<T>(url, "application/json", JSON.stringify(body), method);
}

async function post<T>(url: string, contentType: string, body: BodyInit, method = "POST"): Promise<ApiResult<T>> {
  const send = () => requestJson<T>(url, { method, headers: { "content-type": contentType }, body });
  await ensureSession();
  const result = await send();
  if (result.ok || result.error.code !== "no_session") return result;
  // The cookie was cleared or expired since the page loaded: start a new session once and send again.
  session = null;
  return (await ensureSession()) ? send() : result;
}

/**
 * What narrows a task list: `q` (full-text), and for one's own tasks `starred`, `model`, `status` and the UTC days
 * `from`/`to` (YYYY-MM-DD); empty values are left out.
 */
export type TaskFilters = Readonly<Record<"q" | "starred" | "model" | "status" | "from" | "to", string | undefined>>;

function pageQuery(limit: number, cursor: string | null, filters?: Partial<TaskFilters>): string {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor) query.set("cursor", cursor);
  for (const [name, value] of Object.entries(filters ?? {})) if (value) query.set(name, value);
  return query.toString();
}

/** After the session exists, so two first calls on one page never mint two sessions (the later cookie would win). */
export async function fetchMe() {
  await ensureSession();
  return requestJson<MeView>("/api/me");
}

export const sendGenerate = (body: GenerateRequest) => postJson<{ task: TaskView }>("/api/generate", body);

/** The image bytes as they are; the server decides the type from them (PNG, JPEG or WebP). */
export const uploadImage = (file: Blob) => post<{ upload: UploadView }>("/api/uploads", file.type || "application/octet-stream", file);

export const askPromptHelp = (prompt: string, locale: string) => postJson<PromptHelpView>("/api/prompt", { prompt, locale });

export const fetchTask = (id: string, signal?: AbortSignal) => requestJson<{ task: TaskView }>(`/api/tasks/${encodeURIComponent(id)}`, { signal });

export const sendCancel = (id: string) => postJson<{ task: TaskView }>(`/api/tasks/${encodeURIComponent(id)}/cancel`, {});

export const fetchTaskPage = (limit: number, cursor: string | null, filters?: Partial<TaskFilters>) =>
  requestJson<TaskPage>(`/api/tasks?${pageQuery(limit, cursor, filters)}`);

export const fetchGalleryPage = (limit: number, cursor: string | null, q?: string) =>
  requestJson<TaskPage>(`/api/gallery?${pageQuery(limit, cursor, { q })}`);

/** The task's server-sent event stream (GET /api/tasks/:id/events): an `event: task` on every change. */
export const taskEventsUrl = (id: string) => `/api/tasks/${encodeURIComponent(id)}/events`;
