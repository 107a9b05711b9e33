import "server-only";
import type { DownloadedOutput } from "@/lib/images/download-outputs";
import { IMAGE_EXTENSIONS, type ImageType } from "@/lib/shared/image-types";

/**
 * R2 access for images: a task's outputs live under keys derived from its id and output index (rewrites are idempotent).
 * @internal Exported for its unit test (tests/unit/storage.test.ts).
 */
export function outputKey(taskId: string, index: number, contentType: ImageType): string {
  return `tasks/${taskId}/${index}.${IMAGE_EXTENSIONS[contentType]}`;
}

/** Where an upload's bytes live. */
export function uploadKey(uploadId: string, contentType: ImageType): string {
  return `uploads/${uploadId}.${IMAGE_EXTENSIONS[contentType]}`;
}

/** Writes downloaded outputs under the task's keys (idempotent) and returns the keys in output order. */
export function storeOutputs(images: R2Bucket, taskId: string, outputs: DownloadedOutput[]): Promise<string[]> {
  return Promise.all(
    outputs.map(async ({ bytes, contentType }, index) => {
      const key = outputKey(taskId, index, contentType);
      await putImage(images, key, bytes, contentType);
      return key;
    }),
  );
}

/**
 * Writes image bytes to R2. Under `next dev` the bucket is a proxy into workerd whose serializer only knows the
 * host realm's ArrayBuffer, not one made in Next's edge sandbox: `Response#arrayBuffer` hands over a host buffer.
 */
export async function putImage(images: R2Bucket, key: string, bytes: Uint8Array, contentType: string): Promise<void> {
  const buffer = await new Response(bytes as Uint8Array<ArrayBuffer>).arrayBuffer();
  await images.put(key, buffer, { httpMetadata: { contentType } });
}

export function readImage(images: R2Bucket, key: string): Promise<R2ObjectBody | null> {
  return images.get(key);
}
