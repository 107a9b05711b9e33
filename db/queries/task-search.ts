import "server-only";
import { inArray, sql, type SQL } from "drizzle-orm";
import type { SearchCursor } from "../../lib/shared/api/page-query";
import type { Db } from "../client";
import { tasks, type Task } from "../schema";

/** Marks highlight() puts around each matched word; a prompt holding them itself is read in step (lib/tasks/search-match.ts). */
export const MATCH_OPEN = "\u0001";
export const MATCH_CLOSE = "\u0002";

interface SearchHit {
  task: Task;
  /** bm25: lower is more relevant. */
  score: number;
  /** The prompt with MATCH_OPEN / MATCH_CLOSE around every matched word. */
  marked: string;
}

export interface SearchPage {
  hits: SearchHit[];
  nextCursor: SearchCursor | null;
}

/**
 * The FTS5 query of the words a person typed: each one a quoted string (a quote inside doubled), so nothing they type
 * is ever read as query syntax; all of them must appear. It is bound as a parameter, never spliced into SQL.
 */
function ftsQueryOf(terms: string[]): string {
  return terms.map((term) => `"${term.replaceAll('"', '""')}"`).join(" ");
}

/**
 * Tasks whose prompt holds every word, most relevant first (bm25 over tasks_fts, migration 0010), among those
 * `filter` lets through; the id breaks ties. The cursor is the last row's (score, id): scores follow the index's
 * statistics, so a page read after many new tasks may place a row slightly differently, but never an error.
 */
export async function searchTasks(
  db: Db,
  { terms, filter, limit, after }: { terms: string[]; filter: SQL | undefined; limit: number; after?: SearchCursor },
): Promise<SearchPage> {
  const pageSize = Math.max(1, Math.floor(limit));
  const hits = await db.all<{ id: string; score: number; marked: string }>(sql`
    SELECT id, score, marked FROM (
      SELECT ${tasks.id} AS id, bm25(tasks_fts) AS score, highlight(tasks_fts, 0, ${MATCH_OPEN}, ${MATCH_CLOSE}) AS marked
      FROM tasks_fts JOIN ${tasks} ON ${tasks}.rowid = tasks_fts.rowid
      WHERE tasks_fts MATCH ${ftsQueryOf(terms)}${filter ? sql` AND ${filter}` : sql``}
    ) AS hits
    WHERE ${after ? sql`(score, id) > (${after.score}, ${after.id})` : sql`1`}
    ORDER BY score, id
    LIMIT ${pageSize + 1}`);
  const page = hits.slice(0, pageSize);
  const rows =
    page.length === 0
      ? []
      : await db
          .select()
          .from(tasks)
          .where(
            inArray(
              tasks.id,
              page.map((hit) => hit.id),
            ),
          )
          .all();
  const byId = new Map(rows.map((row) => [row.id, row]));
  const found = page.flatMap((hit) => {
    const task = byId.get(hit.id);
    return task ? [{ task, score: hit.score, marked: hit.marked }] : [];
  });
  const last = page[page.length - 1];
  return { hits: found, nextCursor: hits.length > pageSize && last ? { score: last.score, id: last.id } : null };
}
