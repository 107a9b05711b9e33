import * as z from "zod";
import { ERROR_STATUS, type HttpErrorCode } from "@/lib/shared/error-codes";

const HTTP_ERROR_CODES = Object.keys(ERROR_STATUS) as [HttpErrorCode, ...HttpErrorCode[]];

/** The body of every error response of the HTTP API: `{ "error": { "code", "message" } }`. */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(HTTP_ERROR_CODES).meta({ description: "What went wrong, for code; each code answers with one HTTP status." }),
      message: z.string().meta({ description: "What went wrong, for a person: what to change or when to try again." }),
    }),
  })
  .meta({ description: "The body of every error response: `{ error: { code, message } }`. A 429 also carries Retry-After." });
