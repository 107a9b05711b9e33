import "server-only";
import type { PageCursor, SearchCursor } from "@/lib/shared/api/page-query";

export function encodeCursor(cursor: PageCursor | null): string | null {
  if (!cursor) return null;
  return btoa(`${cursor.createdAt}.${cursor.id}`).replace(/=+$/, "");
}

export function encodeSearchCursor(cursor: SearchCursor | null): string | null {
  if (!cursor) return null;
  return btoa(`${cursor.score}~${cursor.id}`).replace(/=+$/, "");
}
