import * as z from "zod";

/** An opaque keyset cursor decoded: the creation time and id of the last row of a page (lists are newest first). */
export interface PageCursor {
  createdAt: number;
  id: string;
}

/** `?limit&cursor` of GET /api/tasks and GET /api/gallery. */
export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: z
    .string()
    .max(200)
    .optional()
    .transform((text, ctx): PageCursor | undefined => {
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
