import { parseRetryAfterMs } from "@/lib/shared/retry-after";

export interface ApiFailure {
  /** HTTP status, or null when the request never got an answer (offline, DNS, connection reset). */
  status: number | null;
  code: string;
  message: string;
  retryAfterSeconds: number | null;
}

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; error: ApiFailure };

/** Whole seconds to wait, as the studio's countdowns show them. */
function retryAfterSecondsOf(value: string | null): number | null {
  const ms = parseRetryAfterMs(value, Date.now());
  return ms === null ? null : Math.ceil(ms / 1000);
}

function errorFromBody(body: unknown): { code: string; message: string } | null {
  if (typeof body !== "object" || body === null || !("error" in body)) return null;
  const error = (body as { error: unknown }).error;
  if (typeof error !== "object" || error === null) return null;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return {
    code: typeof code === "string" ? code : "unknown",
    message: typeof message === "string" ? message : "",
  };
}

/** Sends a request and reads `{error:{code,message}}` failures; never throws (except on abort). */
export async function requestJson<T>(url: string, init: RequestInit = {}, fetchImpl: typeof fetch = fetch): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetchImpl(url, { cache: "no-store", credentials: "same-origin", ...init });
  } catch (cause) {
    if (init.signal?.aborted) throw cause;
    return { ok: false, error: { status: null, code: "network_error", message: "", retryAfterSeconds: null } };
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok && body !== null) return { ok: true, status: response.status, data: body as T };
  const parsed = errorFromBody(body);
  return {
    ok: false,
    error: {
      status: response.status,
      code: parsed?.code ?? (response.ok ? "invalid_response" : `http_${response.status}`),
      message: parsed?.message ?? "",
      retryAfterSeconds: retryAfterSecondsOf(response.headers.get("retry-after")),
    },
  };
}
