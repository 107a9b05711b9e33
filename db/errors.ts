import "server-only";
/**
 * True when a query failed on a UNIQUE constraint (e.g. a prediction id already stored on another task).
 * drizzle wraps the driver's error in DrizzleQueryError, so the whole cause chain is searched.
 */
export function isUniqueViolation(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (/UNIQUE constraint failed/i.test(current.message)) return true;
  }
  return false;
}
