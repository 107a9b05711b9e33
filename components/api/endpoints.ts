import type { OutputFormat } from "@/lib/input-limits";
import { requestJson, type ApiResult } from "./api-result";
import type { Task, TaskPage } from "./task";

export interface GenerateRequest {
  model: string;
  prompt: string;
  aspect_ratio: string;
  is_private: boolean;
  locale: string;
  seed?: number;
  num_outputs?: number;
  output_format?: OutputFormat;
  lora_weights?: string;
  lora_scale?: number;
  /** The image FLUX Kontext edits: an upload id or `task:<taskId>/<index>`. */
  input_image?: string;
  /** The task this one remixes or edits. */
  parent_id?: string;
  /** Knobs a remix carries that the form does not show (guidance, steps, …), checked by the server's schema. */
  [knob: string]: unknown;
}

export interface Upload {
  id: string;
  url: string;
  width: number;
  height: number;
  content_type: string;
  bytes: number;
}

export interface PromptSuggestion {
  text: string;
  model: string;
  cached: boolean;
}

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

function postJson<T>(url: string, body: unknown): Promise<ApiResult<T>> {
  return post<T>(url, "application/json", JSON.stringify(body));
}

async function post<T>(url: string, contentType: string, body: BodyInit): Promise<ApiResult<T>> {
  const send = () => requestJson<T>(url, { method: "POST", headers: { "content-type": contentType }, body });
  await ensureSession();
  const result = await send();
  if (result.ok || result.error.code !== "no_session") return result;
  // The cookie was cleared or expired since the page loaded: start a new session once and send again.
  session = null;
  return (await ensureSession()) ? send() : result;
}

function pageQuery(limit: number, cursor: string | null): string {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor) query.set("cursor", cursor);
  return query.toString();
}

/** GET /api/me's spend: today's total, the caller's budget and what every budget still allows (null: none). */
export interface Spend {
  today_usd: number;
  budget_usd: number | null;
  available_usd: number | null;
  resets_at: string;
}

/** After the session exists, so two first calls on one page never mint two sessions (the later cookie would win). */
export async function getMe() {
  await ensureSession();
  return requestJson<{ user: { id: string }; spend: Spend }>("/api/me");
}

export const createTask = (body: GenerateRequest) => postJson<{ task: Task }>("/api/generate", body);

/** The image bytes as they are; the server decides the type from them (PNG, JPEG or WebP). */
export const uploadImage = (file: Blob) => post<{ upload: Upload }>("/api/uploads", file.type || "application/octet-stream", file);

export const improvePrompt = (prompt: string, locale: string) => postJson<PromptSuggestion>("/api/prompt", { prompt, locale });

export const getTask = (id: string, signal?: AbortSignal) => requestJson<{ task: Task }>(`/api/tasks/${encodeURIComponent(id)}`, { signal });

export const cancelTask = (id: string) => postJson<{ task: Task }>(`/api/tasks/${encodeURIComponent(id)}/cancel`, {});

export const listTasks = (limit: number, cursor: string | null) => requestJson<TaskPage>(`/api/tasks?${pageQuery(limit, cursor)}`);

export const listGallery = (limit: number, cursor: string | null) => requestJson<TaskPage>(`/api/gallery?${pageQuery(limit, cursor)}`);

/** The task's server-sent event stream (interfaces.md: GET /api/tasks/:id/events). */
export const taskEventsUrl = (id: string) => `/api/tasks/${encodeURIComponent(id)}/events`;
