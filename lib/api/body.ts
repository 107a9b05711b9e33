import type * as z from "zod";
import { AppError } from "@/lib/errors";

const MAX_BODY_BYTES = 64 * 1024;

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

/** Malformed JSON is a 400; JSON that breaks the schema is a 422 naming the field. */
export async function parseJsonBody<T extends z.ZodType>(request: Request, schema: T, options: { emptyAs?: unknown } = {}): Promise<z.infer<T>> {
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) throw new AppError("payload_too_large", "The request body is larger than 64 kB.");
  if (text.trim() === "" && "emptyAs" in options) return parseWith(schema, options.emptyAs);
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
