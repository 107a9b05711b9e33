import { gzipSync } from "node:zlib";

/** Size after `gzip -9`, the measure Next.js uses for "gzipped". */
export function gzipSize(data: string | Uint8Array): number {
  return gzipSync(data, { level: 9 }).length;
}

export const kB = (bytes: number) => Math.round(bytes / 10) / 100;
export const MiB = (bytes: number) => Math.round((bytes / 1024 / 1024) * 1000) / 1000;
