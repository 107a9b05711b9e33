import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { uploads, type Upload } from "../schema";

export async function insertUpload(db: Db, { upload }: { upload: Upload }): Promise<Upload> {
  const row = await db.insert(uploads).values(upload).returning().get();
  if (!row) throw new Error(`insertUpload: no row returned for upload ${upload.id}`);
  return row;
}

export async function getUploadById(db: Db, { id }: { id: string }): Promise<Upload | undefined> {
  return db.select().from(uploads).where(eq(uploads.id, id)).get();
}
