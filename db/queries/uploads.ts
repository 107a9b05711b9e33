import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { tasks, uploads, type Upload } from "../schema";

export async function insertUpload(db: Db, { upload }: { upload: Upload }): Promise<Upload> {
  const row = await db.insert(uploads).values(upload).returning().get();
  if (!row) throw new Error(`insertUpload: no row returned for upload ${upload.id}`);
  return row;
}

export async function getUploadById(db: Db, { id }: { id: string }): Promise<Upload | undefined> {
  return db.select().from(uploads).where(eq(uploads.id, id)).get();
}

/**
 * Deletes up to `limit` uploads created before `before` that no task names, in `input_image`, as its `mask` or among
 * `input_images`, in ONE statement, and returns their R2 keys (the caller deletes the objects). Only its owner's
 * tasks can name an upload (lib/tasks/input-image.ts refuses anyone else's), so each upload is checked against its
 * owner's tasks through tasks_user_created_idx, never by scanning every task. Tasks are never deleted, so an upload
 * kept once is kept for good.
 */
export async function deleteUnusedUploads(db: Db, { before, limit }: { before: number; limit: number }): Promise<string[]> {
  const rows = await db.all<{ r2_key: string }>(sql`
    DELETE FROM ${uploads} WHERE id IN (
      SELECT upload.id FROM ${uploads} AS upload
      WHERE upload.created_at < ${before}
        AND NOT EXISTS (
          SELECT 1 FROM ${tasks} AS task
          WHERE task.user_id = upload.user_id
            AND (task.input_image = upload.id OR task.mask = upload.id OR EXISTS (SELECT 1 FROM json_each(task.input_images) AS ref WHERE ref.value = upload.id))
        )
      LIMIT ${limit}
    )
    RETURNING r2_key`);
  return rows.map((row) => row.r2_key);
}
