/** The one error type of the app layer; route handlers turn it into `{error:{code,message}}`. */
const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  no_session: 401,
  forbidden: 403,
  cross_origin: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid_input: 422,
  safety_blocked: 422,
  rate_limited: 429,
  queue_full: 429,
  budget_exceeded: 429,
  internal: 500,
  config_error: 500,
  provider_error: 502,
  provider_auth: 502,
  provider_unavailable: 503,
  provider_timeout: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryAfterSeconds: number | null;

  constructor(code: ErrorCode, message: string, options: { retryAfterSeconds?: number | null; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
  }
}

export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}
