import * as z from "zod";
import { modelKeySchema } from "@/lib/shared/api/generate";
import { SEARCH_MAX_TERMS, SEARCH_QUERY_MAX_LENGTH } from "@/lib/shared/limits";
import { searchTermsOf } from "@/lib/shared/search-terms";
import { TASK_STATUSES } from "@/lib/shared/task-status";

/** An opaque keyset cursor decoded: the creation time and id of the last row of a page (lists are newest first). */
export interface PageCursor {
  createdAt: number;
  id: string;
}

/** The cursor of a search page (most relevant first): the last row's relevance score (bm25, lower is better) and id. */
export interface SearchCursor {
  score: number;
  id: string;
}

const limitSchema = z.coerce.number().int().min(1).max(50).default(20);
const cursorTextSchema = z.string().max(200).optional().meta({ description: "`next_cursor` of the previous page." });
const notACursor = "is not a cursor this API returned";

function decoded(text: string): string | null {
  try {
    return atob(text);
  } catch {
    return null;
  }
}

function pageCursorOf(text: string): PageCursor | null {
  const match = /^(\d{1,15})\.([A-Za-z0-9_]{1,64})$/.exec(decoded(text) ?? "");
  return match ? { createdAt: Number(match[1]), id: match[2]! } : null;
}

function searchCursorOf(text: string): SearchCursor | null {
  const match = /^(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)~([A-Za-z0-9_]{1,64})$/.exec(decoded(text) ?? "");
  const score = match ? Number(match[1]) : Number.NaN;
  return match && Number.isFinite(score) ? { score, id: match[2]! } : null;
}

/** A search query: the words to look for (each matched as a whole word, all of them required); never SQL. */
const searchQuerySchema = z
  .string()
  .max(SEARCH_QUERY_MAX_LENGTH, { message: `keep the search under ${SEARCH_QUERY_MAX_LENGTH} characters` })
  .optional()
  .transform((text, ctx): string[] | undefined => {
    if (text === undefined || text.trim() === "") return undefined;
    const terms = searchTermsOf(text);
    if (terms.length === 0) {
      ctx.addIssue({ code: "custom", message: "has no word to search for (only operators or punctuation)" });
      return z.NEVER;
    }
    if (terms.length > SEARCH_MAX_TERMS) {
      ctx.addIssue({ code: "custom", message: `search for at most ${SEARCH_MAX_TERMS} words` });
      return z.NEVER;
    }
    return terms;
  })
  .meta({
    description: `Full-text search of the prompts (at most ${SEARCH_QUERY_MAX_LENGTH} characters): every word must appear; most relevant first.`,
  });

const utcDaySchema = z.iso.date({ message: "must be a date, YYYY-MM-DD" });

const listBase = z.object({ limit: limitSchema, cursor: cursorTextSchema, q: searchQuerySchema });

/** The cursor of a list decoded by its kind: newest first, or, with `q`, a search page's own. */
function decodeListCursor<T extends { cursor?: string | undefined; q?: string[] | undefined }>(
  { cursor, q, ...rest }: T,
  ctx: z.core.$RefinementCtx,
) {
  const text = cursor ?? "";
  const search = q === undefined ? undefined : { terms: q, after: text === "" ? undefined : (searchCursorOf(text) ?? undefined) };
  const page = q === undefined && text !== "" ? (pageCursorOf(text) ?? undefined) : undefined;
  if (text !== "" && (search ? search.after === undefined : page === undefined)) {
    ctx.addIssue({ code: "custom", path: ["cursor"], message: notACursor });
    return z.NEVER;
  }
  return { ...rest, cursor: page, search };
}

/** `?limit&cursor&q` of GET /api/gallery. */
export const galleryQuerySchema = listBase.transform(decodeListCursor);

/** `?limit&cursor&q&starred&model&status&from&to` of GET /api/tasks (the caller's own tasks). */
export const ownTasksQuerySchema = listBase
  .extend({
    starred: z
      .enum(["true", "false"])
      .optional()
      .transform((value) => (value === undefined ? undefined : value === "true"))
      .meta({ description: "`true`: only starred tasks; `false`: only tasks without a star." }),
    model: modelKeySchema.optional(),
    status: z.enum(TASK_STATUSES).optional(),
    from: utcDaySchema.optional().meta({ description: "Only tasks created on this UTC day or later (YYYY-MM-DD)." }),
    to: utcDaySchema.optional().meta({ description: "Only tasks created on this UTC day or earlier (YYYY-MM-DD)." }),
  })
  .transform(decodeListCursor);

export type OwnTasksQuery = z.output<typeof ownTasksQuerySchema>;
export type GalleryQuery = z.output<typeof galleryQuerySchema>;
