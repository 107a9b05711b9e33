import "server-only";
import { type DrainBound, drainStream, readStreamBytes } from "@/lib/platform/streams";
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

/**
 * How much of a refused request's body is still read and discarded: under `wrangler pages dev` a response sent while
 * the client is still sending (or after cancelling its body) wedges the next request on that keep-alive connection.
 * A body that declares its length is read to its end when that is at most a little over the largest body the API
 * takes (an upload one byte too large, a JSON body of 100 kB); one that declares more, or an undeclared stream past
 * a short slack, is cut: a huge or endless sender loses its connection instead of our time. Never more than 2 s.
 */
const DRAIN_DECLARED_MAX_BYTES = 16 * 1024 * 1024;
const DRAIN_UNDECLARED_BYTES = 256 * 1024;
const DRAIN_MS = 2_000;

function drainBoundOf(request: Request): DrainBound {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim())) {
    const bytes = Number(declared);
    return { maxBytes: bytes <= DRAIN_DECLARED_MAX_BYTES ? bytes : 0, maxMs: DRAIN_MS };
  }
  return { maxBytes: DRAIN_UNDECLARED_BYTES, maxMs: DRAIN_MS };
}

/** After an early refusal: the rest of the body is read and discarded (within the bound), so the connection is reusable. */
export async function discardUnreadBody(request: Request): Promise<void> {
  if (request.body === null || request.bodyUsed) return;
  const bound = drainBoundOf(request);
  if (bound.maxBytes === 0) return;
  await drainStream(request.body, bound);
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
  return readStreamBytes(request.body, limitBytes, () => tooLarge(limitBytes), drainBoundOf(request));
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
