import * as z from "zod";
import type { TaskCursor } from "@/db/queries/task-lists";

/** Opaque keyset cursor: the creation time and id of the last row of a page. */
export type Cursor = TaskCursor;

export function encodeCursor(cursor: Cursor | null): string | null {
  if (!cursor) return null;
  return btoa(`${cursor.createdAt}.${cursor.id}`).replace(/=+$/, "");
}

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: z
    .string()
    .max(200)
    .optional()
    .transform((text, ctx): Cursor | undefined => {
      if (text === undefined || text === "") return undefined;
      let decoded = "";
      try {
        decoded = atob(text);
      } catch {
        // falls through to the issue below
      }
      const match = /^(\d{1,15})\.([A-Za-z0-9_]{1,64})$/.exec(decoded);
      if (!match) {
        ctx.addIssue({ code: "custom", message: "is not a cursor this API returned" });
        return z.NEVER;
      }
      return { createdAt: Number(match[1]), id: match[2]! };
    }),
});
