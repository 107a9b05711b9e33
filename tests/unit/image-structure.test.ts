import sharp, { type Sharp } from "sharp";
import { describe, expect, it } from "vitest";
import { checkImageStructure } from "../../lib/images/image-structure";
import { inspectImage, sniffImage } from "../../lib/images/sniff-image";

// Uploads and provider outputs are stored only when the bytes are one whole PNG, JPEG or WebP: header, pixel size
// and declared lengths agreeing, nothing after the image's end (the audit stored a 33-byte PNG header claiming
// 4096×4096 and a 202-byte image followed by 10 MB of filler).

const gradient = (width: number, height: number) =>
  sharp(Buffer.from([200, 30, 40, 20, 180, 60, 30, 40, 220, 240, 200, 10]), { raw: { width: 2, height: 2, channels: 3 } }).resize(width, height, {
    fit: "fill",
  });
const solid = (width: number, height: number, channels: 3 | 4 = 3) =>
  sharp({ create: { width, height, channels, background: { r: 40, g: 90, b: 160, alpha: 0.5 } } });

const XMP = '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"></x:xmpmeta><?xpacket end="w"?>';
const bytesOf = async (image: Sharp) => new Uint8Array(await image.toBuffer());

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  chunk.set(Buffer.from(type, "latin1"), 4);
  chunk.set(data, 8);
  view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  return chunk;
}

const PNG_SIGNATURE = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function ihdr(width: number, height: number, depth = 8, colorType = 6): Uint8Array {
  const data = new Uint8Array(13);
  const view = new DataView(data.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  data[8] = depth;
  data[9] = colorType;
  return pngChunk("IHDR", data);
}

const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

function expectMalformed(bytes: Uint8Array, problem: RegExp) {
  const inspection = inspectImage(bytes);
  expect(inspection.kind, JSON.stringify(inspection)).toBe("malformed");
  if (inspection.kind === "malformed") expect(inspection.problem).toMatch(problem);
  expect(sniffImage(bytes)).toBeNull();
}

describe("whole images from a real encoder are accepted with their size", () => {
  it.each([
    ["PNG, RGB", () => gradient(300, 200).png(), "image/png"],
    ["PNG, RGBA interlaced", () => solid(33, 17, 4).png({ progressive: true }), "image/png"],
    ["PNG, palette", () => gradient(64, 48).png({ palette: true, colours: 16 }), "image/png"],
    ["PNG, 16-bit grey", () => gradient(40, 30).grayscale().toColourspace("grey16").png(), "image/png"],
    ["JPEG, 4:2:0", () => gradient(300, 200).jpeg({ quality: 80 }), "image/jpeg"],
    ["JPEG, progressive 4:4:4", () => gradient(301, 199).jpeg({ progressive: true, chromaSubsampling: "4:4:4" }), "image/jpeg"],
    ["JPEG, greyscale with EXIF", () => gradient(64, 64).grayscale().withMetadata({ orientation: 6 }).jpeg(), "image/jpeg"],
    ["WebP, lossy", () => gradient(300, 200).webp({ quality: 70 }), "image/webp"],
    ["WebP, lossless", () => gradient(300, 200).webp({ lossless: true }), "image/webp"],
    ["WebP, lossy with alpha (VP8X + ALPH)", () => solid(51, 37, 4).webp(), "image/webp"],
    ["WebP, with an ICC profile (VP8X)", () => gradient(64, 32).withIccProfile("srgb").webp(), "image/webp"],
    ["PNG with an XMP packet (iTXt)", () => gradient(64, 32).withXmp(XMP).png(), "image/png"],
    ["JPEG with an XMP packet (APP1)", () => gradient(64, 32).withXmp(XMP).jpeg(), "image/jpeg"],
    ["WebP with an XMP packet (VP8X + XMP)", () => gradient(64, 32).withXmp(XMP).webp(), "image/webp"],
  ] as const)("%s", async (_name, make, contentType) => {
    const bytes = await bytesOf(make());
    const { width, height } = await sharp(bytes).metadata();
    expect(sniffImage(bytes)).toEqual({ contentType, width, height });
  });

  it("an animated WebP: every frame within the canvas", async () => {
    const frames = await Promise.all([solid(20, 10).png().toBuffer(), gradient(20, 10).png().toBuffer()]);
    const bytes = await bytesOf(sharp(frames, { join: { animated: true } }).webp({ loop: 0, delay: [100, 100] }));
    expect(Buffer.from(bytes.subarray(12, 16)).toString("latin1")).toBe("VP8X");
    expect(sniffImage(bytes)).toEqual({ contentType: "image/webp", width: 20, height: 10 });
  });

  it("the most compressible 4096×4096 images still pass the least-bytes rule (PNG: 1032:1; JPEG: a bit per block)", async () => {
    const images = await Promise.all([
      bytesOf(solid(4096, 4096).png({ compressionLevel: 9 })),
      // One bit a pixel: 2,152 bytes, 6 % over the bound.
      bytesOf(solid(4096, 4096).png({ compressionLevel: 9, palette: true, colours: 2 })),
      bytesOf(solid(4096, 4096).jpeg({ quality: 1, optimiseCoding: true })),
      // mozjpeg's progressive scans come within 1 % of a bit per block.
      bytesOf(solid(4096, 4096).jpeg({ quality: 1, mozjpeg: true })),
      bytesOf(solid(4096, 4096).grayscale().jpeg({ quality: 1, mozjpeg: true })),
      bytesOf(solid(4096, 4096).webp({ lossless: true })),
    ]);
    for (const bytes of images) expect(sniffImage(bytes), `${bytes.length} bytes`).toMatchObject({ width: 4096, height: 4096 });
  });
});

describe("headers claiming more than the bytes hold are refused", () => {
  it("the audit's 33-byte PNG header claiming 4096×4096", () => {
    const header = concat(PNG_SIGNATURE, ihdr(4096, 4096));
    expect(header.length).toBe(33);
    expectMalformed(header, /truncated \(it does not end with an IEND chunk\)/);
  });

  it("a PNG header with an IEND but no image data, or too little for its size", () => {
    const iend = pngChunk("IEND", new Uint8Array(0));
    expectMalformed(concat(PNG_SIGNATURE, ihdr(4096, 4096), iend), /no image data/);
    expectMalformed(concat(PNG_SIGNATURE, ihdr(4096, 4096), pngChunk("IDAT", new Uint8Array(200)), iend), /cannot hold 4096×4096 px/);
  });

  it("a real PNG whose IHDR is edited to a bigger size: its CRC fails, and with a fixed CRC its data is too small", async () => {
    const bytes = await bytesOf(gradient(64, 64).png());
    const edited = bytes.slice();
    new DataView(edited.buffer).setUint32(16, 4096);
    new DataView(edited.buffer).setUint32(20, 4096);
    expectMalformed(edited, /CRC/);
    new DataView(edited.buffer).setUint32(29, crc32(edited.subarray(12, 29)));
    expectMalformed(edited, /cannot hold 4096×4096 px/);
  });

  it("a real JPEG whose frame header is edited to 4096×4096", async () => {
    const bytes = await bytesOf(gradient(64, 64).jpeg());
    const sof = Buffer.from(bytes).indexOf(Buffer.from([0xff, 0xc0]));
    const edited = bytes.slice();
    new DataView(edited.buffer).setUint16(sof + 5, 4096);
    new DataView(edited.buffer).setUint16(sof + 7, 4096);
    expectMalformed(edited, /cannot hold 4096×4096 px/);
  });

  it("a WebP whose VP8X canvas is not its image's size", async () => {
    const bytes = await bytesOf(solid(51, 37, 4).webp());
    expect(Buffer.from(bytes.subarray(12, 16)).toString("latin1")).toBe("VP8X");
    const edited = bytes.slice();
    edited[24] = 0xff; // canvas width − 1, low byte
    expectMalformed(edited, /canvas is 256×37 px but its image is 51×37 px/);
  });
});

describe("bytes after the image's end are refused", () => {
  const filler = new Uint8Array(10 * 1024 * 1024).fill(0x41);
  it.each([
    ["PNG", () => gradient(16, 16).png(), /follow its IEND chunk/],
    ["JPEG", () => gradient(16, 16).jpeg(), /follow its EOI marker/],
    ["WebP", () => gradient(16, 16).webp(), /follow its RIFF data/],
  ] as const)("%s followed by 10 MB of filler, or by one byte", async (_name, make, problem) => {
    const bytes = await bytesOf(make());
    expectMalformed(concat(bytes, filler), problem);
    expectMalformed(concat(bytes, Uint8Array.of(0)), problem);
  });

  it("a WebP whose RIFF length was grown to cover the filler still carries a chunk a simple WebP cannot have", async () => {
    const bytes = await bytesOf(gradient(16, 16).webp());
    const junk = concat(Buffer.from("JUNK", "latin1"), Uint8Array.of(4, 0, 0, 0), new Uint8Array(4));
    const grown = concat(bytes, junk);
    new DataView(grown.buffer).setUint32(4, grown.length - 8, true);
    expectMalformed(grown, /JUNK chunk after its image/);
  });
});

describe("truncated images are refused, and no cut makes the check throw", () => {
  it.each([
    ["PNG", () => gradient(120, 80).png(), /truncated/],
    ["JPEG", () => gradient(120, 80).jpeg(), /truncated|EOI/],
    ["progressive JPEG", () => gradient(120, 80).jpeg({ progressive: true }), /truncated|EOI/],
    ["lossy WebP", () => gradient(120, 80).webp(), /truncated/],
    ["lossless WebP", () => gradient(120, 80).webp({ lossless: true }), /truncated/],
    ["WebP with alpha", () => solid(120, 80, 4).webp(), /truncated/],
  ] as const)("%s cut short", async (_name, make, problem) => {
    const bytes = await bytesOf(make());
    expectMalformed(bytes.subarray(0, bytes.length - 2), problem);
    expectMalformed(bytes.subarray(0, Math.floor(bytes.length / 2)), problem);
    for (let length = 0; length < bytes.length; length += 1 + Math.floor(length / 40)) {
      const inspection = inspectImage(bytes.subarray(0, length));
      expect(inspection.kind, `cut at ${length}`).not.toBe("image");
    }
  });

  it("a truncated WebP whose RIFF length was patched to match: the VP8 partitions no longer fit", async () => {
    const bytes = await bytesOf(gradient(120, 80).webp());
    const cut = bytes.slice(0, 40);
    new DataView(cut.buffer).setUint32(4, cut.length - 8, true);
    new DataView(cut.buffer).setUint32(16, cut.length - 20, true);
    expectMalformed(cut, /partitions do not fit/);
  });
});

describe("what is not one of the three formats, or is damaged at the start", () => {
  it("other bytes are unknown; a damaged PNG signature chunk is malformed, never an exception", () => {
    expect(inspectImage(Buffer.from("GIF89a, or rather just text"))).toEqual({ kind: "unknown" });
    expect(inspectImage(new Uint8Array(0))).toEqual({ kind: "unknown" });
    expectMalformed(concat(PNG_SIGNATURE, Buffer.from("not an IHDR at all, just words")), /header cannot be read/);
    expect(checkImageStructure("image/png", Buffer.from("\x00PNG\r\n\x1a\n"))).toEqual({ ok: false, problem: "the PNG signature is damaged" });
  });
});
