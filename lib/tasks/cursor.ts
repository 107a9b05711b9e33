import "server-only";
import type { PageCursor } from "@/lib/shared/api/page-query";

export function encodeCursor(cursor: PageCursor | null): string | null {
  if (!cursor) return null;
  return btoa(`${cursor.createdAt}.${cursor.id}`).replace(/=+$/, "");
}
