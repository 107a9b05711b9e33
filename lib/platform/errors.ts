import "server-only";
/** The one error type of the app layer; route handlers turn it into `{error:{code,message}}`. */
import { ERROR_STATUS, type HttpErrorCode } from "@/lib/shared/error-codes";

export class AppError extends Error {
  readonly code: HttpErrorCode;
  readonly status: number;
  readonly retryAfterSeconds: number | null;

  constructor(code: HttpErrorCode, message: string, options: { retryAfterSeconds?: number | null; cause?: unknown } = {}) {
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
