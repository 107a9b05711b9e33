import "server-only";
import { readStreamBytes } from "@/lib/platform/streams";
import type * as z from "zod";
import { AppError } from "@/lib/platform/errors";

/** The most a JSON request body may hold, in bytes (the API promises 64 kB). */
export const JSON_BODY_LIMIT_BYTES = 64 * 1024;

const describeLimit = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} kB`);

function tooLarge(limitBytes: number): AppError {
  return new AppError("payload_too_large", `The request body is larger than ${describeLimit(limitBytes)}.`);
}

/** The media type of a request without its parameters (`application/json; charset=utf-8` → `application/json`). */
export function mediaTypeOf(request: Request): string | null {
  const header = request.headers.get("content-type");
  if (header === null) return null;
  return header.split(";")[0]!.trim().toLowerCase() || null;
}

/** A 413 when the declared `Content-Length` is over the limit: decided before a byte of the body is read. */
export function refuseDeclaredOversize(request: Request, limitBytes: number): void {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limitBytes) throw tooLarge(limitBytes);
}

/**
 * The body's bytes, at most `limitBytes` of them: `Content-Length` is checked first, then the stream is read
 * through the same cap, so a client that lies about (or omits) its length still cannot make the server hold more
 * than the limit. Routes with other limits (uploads) pass their own.
 */
export async function readBodyBytes(request: Request, limitBytes: number): Promise<Uint8Array> {
  refuseDeclaredOversize(request, limitBytes);
  return readStreamBytes(request.body, limitBytes, () => tooLarge(limitBytes));
}

/** The body as UTF-8 text, capped in bytes (not characters) like `readBodyBytes`. */
export async function readBodyText(request: Request, limitBytes: number): Promise<string> {
  return new TextDecoder().decode(await readBodyBytes(request, limitBytes));
}

/** Describes the first zod issue as `field: message`, which is what a person needs to fix a request. */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "Invalid input.";
  const field = issue.path.join(".");
  return field ? `${field}: ${issue.message}` : issue.message;
}

export function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new AppError("invalid_input", describeIssue(result.error));
  return result.data;
}

const notJson = () => new AppError("unsupported_media_type", "Send the request body as JSON (Content-Type: application/json).");

/** A body in another format than JSON is a 415; malformed JSON is a 400; JSON that breaks the schema is a 422. */
export async function parseJsonBody<T extends z.ZodType>(request: Request, schema: T, options: { emptyAs?: unknown } = {}): Promise<z.infer<T>> {
  const type = mediaTypeOf(request);
  if (type !== null && type !== "application/json") throw notJson();
  const text = await readBodyText(request, JSON_BODY_LIMIT_BYTES);
  if (text.trim() === "" && "emptyAs" in options) return parseWith(schema, options.emptyAs);
  if (type === null) throw notJson();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
  return parseWith(schema, value);
}

export function parseSearchParams<T extends z.ZodType>(request: Request, schema: T): z.infer<T> {
  return parseWith(schema, Object.fromEntries(new URL(request.url).searchParams));
}
