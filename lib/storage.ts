import { AppError } from "@/lib/errors";

/** R2 access for finished images: keys derive from the task id and output index, so rewrites are idempotent. */
const MAX_IMAGE_BYTES = 25 * 1024 * 1024;
const EXTENSIONS: Record<string, string> = { "image/png": "png", "image/webp": "webp", "image/jpeg": "jpg" };

export function outputKey(taskId: string, index: number, contentType: string): string {
  return `tasks/${taskId}/${index}.${EXTENSIONS[contentType] ?? "bin"}`;
}

/** Only the provider's delivery hosts (and the local emulator, when configured) may be fetched. */
export function isAllowedOutputUrl(raw: string, allowedHosts: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  const loopback = url.hostname === "127.0.0.1" || url.hostname === "localhost";
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) return false;
  if (url.username || url.password) return false;
  return allowedHosts.some((host) => host === url.host || (!host.includes(":") && (url.hostname === host || url.hostname.endsWith(`.${host}`))));
}

export interface CopyOutputsOptions {
  images: R2Bucket;
  fetch: typeof fetch;
  allowedHosts: readonly string[];
  taskId: string;
  urls: string[];
}

/** Copies every provider output into R2 and returns the keys in output order. */
export async function copyOutputsToR2(options: CopyOutputsOptions): Promise<string[]> {
  return Promise.all(
    options.urls.map(async (url, index) => {
      if (!isAllowedOutputUrl(url, options.allowedHosts)) {
        throw new AppError("provider_error", `Refused to download an output from an unexpected host (${safeHost(url)}).`);
      }
      const response = await options.fetch(url, { signal: AbortSignal.timeout(30_000) });
      const contentType = (response.headers.get("content-type") ?? "").split(";")[0]!.trim();
      if (!response.ok || !contentType.startsWith("image/")) {
        throw new AppError("provider_error", `Downloading output ${index} failed (HTTP ${response.status}).`);
      }
      const bytes = await response.arrayBuffer();
      if (bytes.byteLength > MAX_IMAGE_BYTES) throw new AppError("provider_error", `Output ${index} is too large.`);
      const key = outputKey(options.taskId, index, contentType);
      await options.images.put(key, bytes, { httpMetadata: { contentType } });
      return key;
    }),
  );
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "invalid URL";
  }
}

export function readImage(images: R2Bucket, key: string): Promise<R2ObjectBody | null> {
  return images.get(key);
}
