// Every error code the server sends, in an HTTP error body or on a failed task. Plain data with no imports: the
// studio imports the type, so a code it cannot explain is a compile error there.

/** Codes thrown as AppError, with the HTTP status each one answers with. */
export const ERROR_STATUS = {
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

export type HttpErrorCode = keyof typeof ERROR_STATUS;

/** Codes only a failed task carries: its create was answered with 201 long before. */
const TASK_FAILURE_CODES = ["canceled", "aborted", "output_refused", "prediction_failed", "output_missing", "submit_unconfirmed"] as const;

type TaskFailureCode = (typeof TASK_FAILURE_CODES)[number];
export type ErrorCode = HttpErrorCode | TaskFailureCode;

/** Every code, HTTP and task-only alike. */
export const ERROR_CODES: [ErrorCode, ...ErrorCode[]] = [...TASK_FAILURE_CODES, ...(Object.keys(ERROR_STATUS) as HttpErrorCode[])];

/** `error.code` of a canceled task whose prediction Replicate aborted: not started by its deadline, not charged. */
export const ABORTED_CODE = "aborted" satisfies TaskFailureCode;

export function isErrorCode(code: string): code is ErrorCode {
  return code in ERROR_STATUS || (TASK_FAILURE_CODES as readonly string[]).includes(code);
}
