import "server-only";
import { sniffImage } from "@/lib/images/sniff-image";
import { AppError } from "@/lib/platform/errors";
import { readStreamBytes } from "@/lib/platform/streams";
import type { ImageSize, ImageType } from "@/lib/shared/image-types";

/**
 * Copies a provider's outputs, with the checks that keep a compromised or misbehaving delivery host from making the
 * app fetch anything else (SSRF) or store anything but an image.
 */
const MAX_IMAGE_BYTES = 25 * 1024 * 1024;
/** Redirect hops followed per output, each re-checked against the delivery hosts. */
const MAX_REDIRECTS = 3;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

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

export interface DownloadOutputsOptions {
  fetch: typeof fetch;
  allowedHosts: readonly string[];
  urls: string[];
}

export interface DownloadedOutput {
  bytes: Uint8Array;
  contentType: ImageType;
  /** Measured from the bytes. */
  size: ImageSize;
}

/** Fetches every provider output (delivery hosts only, every hop re-checked, images only, size-capped), in order. */
export function downloadOutputs(options: DownloadOutputsOptions): Promise<DownloadedOutput[]> {
  return Promise.all(options.urls.map((url, index) => downloadOutput(options, url, index)));
}

/** An output the app will never store (foreign host, not an image, too large): the task fails, no retry helps. */
export class OutputRefusedError extends AppError {
  constructor(message: string) {
    super("provider_error", message);
    this.name = "OutputRefusedError";
  }
}

const refused = (message: string) => new OutputRefusedError(message);

/**
 * One output, as data: redirects are followed by hand so every hop is re-checked against the delivery hosts,
 * the body is read through a size cap, and only PNG, JPEG or WebP (by their bytes) is accepted.
 */
async function downloadOutput(options: DownloadOutputsOptions, url: string, index: number): Promise<DownloadedOutput> {
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
    if (!isAllowedOutputUrl(current, options.allowedHosts)) {
      throw refused(`Refused to download output ${index} from an unexpected host (${safeHost(current)}).`);
    }
    const response = await options.fetch(current, { redirect: "manual", signal: AbortSignal.timeout(30_000) });
    if (REDIRECT_STATUSES.has(response.status)) {
      await response.body?.cancel();
      const location = response.headers.get("location");
      if (!location) throw refused(`Output ${index} redirected without saying where to.`);
      current = new URL(location, current).toString();
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new AppError("provider_error", `Downloading output ${index} failed (HTTP ${response.status}).`);
    }
    const tooLarge = () => refused(`Output ${index} is larger than ${MAX_IMAGE_BYTES / (1024 * 1024)} MB.`);
    const declared = Number(response.headers.get("content-length"));
    if (declared > MAX_IMAGE_BYTES) {
      await response.body?.cancel();
      throw tooLarge();
    }
    const bytes = await readStreamBytes(response.body, MAX_IMAGE_BYTES, tooLarge);
    const image = sniffImage(bytes);
    if (!image) throw refused(`Output ${index} is not a PNG, JPEG or WebP image; it was not stored.`);
    return { bytes, contentType: image.contentType, size: { width: image.width, height: image.height } };
  }
  throw refused(`Downloading output ${index} failed (more than ${MAX_REDIRECTS} redirects).`);
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "invalid URL";
  }
}
