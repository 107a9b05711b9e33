import { createHash } from "node:crypto";
import sharp from "sharp";
import type { ImageSize } from "./sizes";

export type ImageFormat = "webp" | "jpg" | "png";

export const CONTENT_TYPES: Record<ImageFormat, string> = {
  webp: "image/webp",
  jpg: "image/jpeg",
  png: "image/png",
};

export interface ImageRequest extends ImageSize {
  /** Everything that should change the picture: prompt, seed, output index. */
  fingerprint: string;
  format: ImageFormat;
  quality: number;
}

/** Four corner colours hashed from the fingerprint: different prompts give different pictures. */
function cornerPixels(fingerprint: string): Buffer {
  return createHash("sha256").update(fingerprint).digest().subarray(0, 12);
}

/**
 * The provenance a generator writes into its files: an XMP packet whose IPTC digital source type says "made by a
 * trained algorithm" (cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia), as Google's and Black Forest
 * Labs' outputs declare themselves AI-generated. The app must keep it, byte for byte, when it copies the file.
 */
const PROVENANCE_XMP = [
  '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>',
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
  '<rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"',
  ' Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"/>',
  "</rdf:RDF></x:xmpmeta>",
  '<?xpacket end="w"?>',
].join("");

/**
 * Renders a smooth four-colour gradient of the exact size: a 2×2 image scaled up,
 * which is cheap to make and compresses well.
 */
async function renderImage(request: ImageRequest): Promise<Buffer> {
  const image = sharp(cornerPixels(request.fingerprint), { raw: { width: 2, height: 2, channels: 3 } })
    .resize(request.width, request.height, { fit: "fill", kernel: "cubic" })
    .withXmp(PROVENANCE_XMP);
  const quality = Math.min(100, Math.max(1, request.quality));
  // The fastest encoder settings: the emulator's encoding time must not hide the app's own latency.
  if (request.format === "png") return image.png({ compressionLevel: 1 }).toBuffer();
  if (request.format === "jpg") return image.jpeg({ quality }).toBuffer();
  return image.webp({ quality, effort: 0 }).toBuffer();
}

/** Renders each output file once; concurrent requests share the same render. */
export class ImageCache {
  private entries = new Map<string, Promise<Buffer>>();

  get(key: string, request: ImageRequest): Promise<Buffer> {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = renderImage(request);
      entry.catch(() => this.entries.delete(key));
      this.entries.set(key, entry);
    }
    return entry;
  }

  clear(): void {
    this.entries.clear();
  }
}
