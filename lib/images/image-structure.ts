import "server-only";
import type { ImageSize, ImageType } from "@/lib/shared/image-types";

/**
 * Whether the bytes are one whole image of their format and nothing more, and its pixel size as the image data (not
 * only the header) gives it. Dependency-free walks of each container: no pixel is decoded.
 *
 * - PNG: the signature, an IHDR first (its CRC checked), every chunk's declared length within the bytes, image data
 *   (IDAT) present and at least the smallest deflate stream that can hold the pixels (deflate expands at most
 *   1032:1), and an empty IEND chunk ending exactly at the last byte.
 * - JPEG: the segments' lengths walked from SOI, one Huffman-coded frame (SOF0/1/2, the ones browsers decode) whose
 *   size is the image's, scan data of at least one bit per 8×8 block of every component (every block codes its DC
 *   coefficient, in at least one bit), and the EOI marker (FF D9) as the last two bytes.
 * - WebP: the RIFF length equal to the file's length − 8, every chunk within it, and one VP8 / VP8L bitstream (or,
 *   animated, frames) whose header is complete and whose size matches the canvas. WebP has no useful lower bound of
 *   bytes per pixel (a lossless one-colour image codes its pixels in zero bits), so the check is the structure's.
 */
export type ImageStructure = ({ ok: true } & ImageSize) | { ok: false; problem: string };

export function checkImageStructure(contentType: ImageType, bytes: Uint8Array): ImageStructure {
  const reader = new ByteReader(bytes);
  try {
    if (contentType === "image/png") return { ok: true, ...checkPng(reader) };
    if (contentType === "image/jpeg") return { ok: true, ...checkJpeg(reader) };
    return { ok: true, ...checkWebp(reader) };
  } catch (error) {
    if (error instanceof StructureError) return { ok: false, problem: error.message };
    throw error;
  }
}

class StructureError extends Error {}

function fail(problem: string): never {
  throw new StructureError(problem);
}

const count = (value: number) => value.toLocaleString("en-US");
const trailing = (end: number, length: number, what: string) => `${count(length - end)} bytes follow ${what} (the image ends at byte ${count(end)})`;

/** Bounds-checked reads: reading past the end is a truncated file. */
class ByteReader {
  readonly length: number;
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.length = bytes.byteLength;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  need(offset: number, size: number, what: string) {
    if (offset + size > this.length) fail(`it is truncated (${what} needs ${count(offset + size)} bytes, the file has ${count(this.length)})`);
  }

  u8(offset: number): number {
    this.need(offset, 1, "the next byte");
    return this.view.getUint8(offset);
  }

  u16be(offset: number): number {
    this.need(offset, 2, "a 16-bit field");
    return this.view.getUint16(offset);
  }

  u32be(offset: number): number {
    this.need(offset, 4, "a 32-bit field");
    return this.view.getUint32(offset);
  }

  u24le(offset: number): number {
    this.need(offset, 3, "a 24-bit field");
    return this.view.getUint16(offset, true) | (this.view.getUint8(offset + 2) << 16);
  }

  u32le(offset: number): number {
    this.need(offset, 4, "a 32-bit field");
    return this.view.getUint32(offset, true);
  }

  ascii(offset: number, size: number): string {
    this.need(offset, size, "a chunk name");
    return String.fromCharCode(...this.bytes.subarray(offset, offset + size));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// PNG (ISO/IEC 15948)

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Samples per pixel of each colour type, and the bit depths it allows. */
const PNG_COLOR_TYPES: Record<number, { channels: number; depths: number[] }> = {
  0: { channels: 1, depths: [1, 2, 4, 8, 16] },
  2: { channels: 3, depths: [8, 16] },
  3: { channels: 1, depths: [1, 2, 4, 8] },
  4: { channels: 2, depths: [8, 16] },
  6: { channels: 4, depths: [8, 16] },
};
/** The most a deflate stream can expand: a 258-byte match coded in 2 bits. */
const DEFLATE_MAX_RATIO = 1032;
const PNG_MAX_CHUNK = 0x7fffffff;

function checkPng(r: ByteReader): ImageSize {
  PNG_SIGNATURE.forEach((byte, index) => {
    if (r.u8(index) !== byte) fail("the PNG signature is damaged");
  });
  let offset = 8;
  let header: ReturnType<typeof readIhdr> | null = null;
  let sawPalette = false;
  let idatBytes = 0;
  let end = -1;
  while (offset < r.length) {
    r.need(offset, 12, "a chunk header");
    const length = r.u32be(offset);
    const type = r.ascii(offset + 4, 4);
    if (length > PNG_MAX_CHUNK || !/^[A-Za-z]{4}$/.test(type)) fail(`the chunk at byte ${count(offset)} is not a PNG chunk`);
    const dataStart = offset + 8;
    const next = dataStart + length + 4;
    if (next > r.length) {
      fail(
        `it is truncated (the ${type} chunk at byte ${count(offset)} declares ${count(length)} bytes, only ${count(r.length - dataStart)} remain)`,
      );
    }
    if (header === null) {
      if (type !== "IHDR") fail("its first chunk is not IHDR");
      header = readIhdr(r, dataStart, length);
    } else if (type === "IHDR") {
      fail("it has a second IHDR chunk");
    } else if (type === "PLTE") {
      sawPalette = true;
    } else if (type === "IDAT") {
      idatBytes += length;
    } else if (type === "IEND") {
      if (length !== 0 || r.u32be(dataStart) !== 0xae426082) fail("its IEND chunk is damaged");
      end = next;
      break;
    }
    offset = next;
  }
  if (header === null) fail("it has no IHDR chunk");
  if (end === -1) fail("it is truncated (it does not end with an IEND chunk)");
  if (end < r.length) fail(trailing(end, r.length, "its IEND chunk"));
  if (idatBytes === 0) fail("it has no image data (IDAT)");
  if (header.colorType === 3 && !sawPalette) fail("it is a palette image without a PLTE chunk");
  const pixelBytes = (header.width * header.height * header.bitsPerPixel) / 8;
  const least = Math.floor(pixelBytes / DEFLATE_MAX_RATIO);
  if (idatBytes < least) {
    fail(`its ${count(idatBytes)} bytes of image data cannot hold ${header.width}×${header.height} px (at least ${count(least)} are needed)`);
  }
  return { width: header.width, height: header.height };
}

/** IHDR: width, height, bit depth, colour type, compression 0, filter 0, interlace 0 or 1; its CRC must hold. */
function readIhdr(r: ByteReader, start: number, length: number) {
  if (length !== 13) fail("its IHDR chunk is damaged");
  if (crc32(r.bytes.subarray(start - 4, start + 13)) !== r.u32be(start + 13)) fail("its IHDR chunk fails its CRC");
  const width = r.u32be(start);
  const height = r.u32be(start + 4);
  const depth = r.u8(start + 8);
  const colorType = r.u8(start + 9);
  const samples = PNG_COLOR_TYPES[colorType];
  if (width === 0 || height === 0 || width > PNG_MAX_CHUNK || height > PNG_MAX_CHUNK) fail("its IHDR chunk has an impossible size");
  if (!samples?.depths.includes(depth)) fail("its IHDR chunk has an impossible colour type or bit depth");
  if (r.u8(start + 10) !== 0 || r.u8(start + 11) !== 0 || r.u8(start + 12) > 1) fail("its IHDR chunk names an unknown method");
  return { width, height, colorType, bitsPerPixel: samples.channels * depth };
}

let crcTable: Uint32Array | null = null;

function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

// ---------------------------------------------------------------------------------------------------------------
// JPEG (ITU T.81)

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
/** Huffman-coded frames: baseline, extended sequential and progressive (what browsers and image-size read). */
const HUFFMAN_FRAMES = new Set([0xc0, 0xc1, 0xc2]);
/** Every other start-of-frame marker: lossless, hierarchical and arithmetic-coded frames. */
const OTHER_FRAMES = new Set([0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

interface JpegFrame extends ImageSize {
  /** The fewest bits the scans can take: one per 8×8 block of every component. */
  leastScanBits: number;
}

function checkJpeg(r: ByteReader): ImageSize {
  if (r.u8(0) !== 0xff || r.u8(1) !== SOI) fail("it does not start with the SOI marker");
  let offset = 2;
  let frame: JpegFrame | null = null;
  let scanBytes = 0;
  let scans = 0;
  let end = -1;
  while (end === -1) {
    if (offset >= r.length) fail("it is truncated (it does not end with the EOI marker, FF D9)");
    if (r.u8(offset) !== 0xff) fail(`it has stray bytes at byte ${count(offset)} where a marker belongs`);
    // Any number of 0xFF fill bytes may precede a marker.
    while (offset < r.length && r.u8(offset) === 0xff) offset += 1;
    const marker = r.u8(offset);
    offset += 1;
    if (marker === EOI) {
      end = offset;
      break;
    }
    if (marker === SOI || marker === 0x00) fail(`it has an unexpected marker at byte ${count(offset - 2)}`);
    // Markers without a length: TEM and the restart markers.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue;
    const length = r.u16be(offset);
    if (length < 2) fail(`its segment at byte ${count(offset - 2)} has an impossible length`);
    r.need(offset, length, `the segment at byte ${count(offset - 2)}`);
    const segment = offset + 2;
    const next = offset + length;
    if (HUFFMAN_FRAMES.has(marker)) {
      if (frame) fail("it has more than one frame header");
      frame = readFrame(r, segment, length - 2);
    } else if (OTHER_FRAMES.has(marker)) {
      fail("it is a lossless, hierarchical or arithmetic-coded JPEG, which browsers do not decode");
    } else if (marker === SOS) {
      if (!frame) fail("its scan comes before any frame header");
      const components = r.u8(segment);
      if (components < 1 || components > 4 || length !== 6 + 2 * components) fail("its scan header is damaged");
      const after = scanDataEnd(r, next);
      scanBytes += after - next;
      scans += 1;
      offset = after;
      continue;
    }
    offset = next;
  }
  if (!frame) fail("it has no frame header (SOF)");
  const header: JpegFrame = frame;
  if (scans === 0) fail("it has no image data (no scan)");
  if (end < r.length) fail(trailing(end, r.length, "its EOI marker"));
  const least = Math.floor(header.leastScanBits / 8);
  if (scanBytes < least) {
    fail(`its ${count(scanBytes)} bytes of image data cannot hold ${header.width}×${header.height} px (at least ${count(least)} are needed)`);
  }
  return { width: header.width, height: header.height };
}

/** SOFn: precision, height, width, then each component's id, sampling factors (1–4) and table. */
function readFrame(r: ByteReader, start: number, length: number): JpegFrame {
  const precision = r.u8(start);
  const height = r.u16be(start + 1);
  const width = r.u16be(start + 3);
  const components = r.u8(start + 5);
  if (precision !== 8 && precision !== 12) fail("its frame header has an impossible sample precision");
  if (width === 0 || height === 0) fail("its frame header has no size");
  if (components < 1 || components > 4 || length !== 6 + 3 * components) fail("its frame header is damaged");
  const sampling: { h: number; v: number }[] = [];
  for (let index = 0; index < components; index++) {
    const factors = r.u8(start + 7 + 3 * index);
    const h = factors >> 4;
    const v = factors & 0xf;
    if (h < 1 || h > 4 || v < 1 || v > 4) fail("its frame header has impossible sampling factors");
    sampling.push({ h, v });
  }
  const hMax = Math.max(...sampling.map((s) => s.h));
  const vMax = Math.max(...sampling.map((s) => s.v));
  const blocks = sampling.reduce(
    (total, { h, v }) => total + Math.ceil(Math.ceil((width * h) / hMax) / 8) * Math.ceil(Math.ceil((height * v) / vMax) / 8),
    0,
  );
  return { width, height, leastScanBits: blocks };
}

/** Where a scan's entropy-coded data ends: at the first marker that is not a stuffed 0xFF or a restart marker. */
function scanDataEnd(r: ByteReader, from: number): number {
  const { bytes, length } = r;
  let at = from;
  for (;;) {
    const ff = bytes.indexOf(0xff, at);
    if (ff === -1 || ff + 1 >= length) fail("it is truncated (its image data does not end with the EOI marker, FF D9)");
    const next = bytes[ff + 1]!;
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) at = ff + 2;
    else if (next === 0xff) at = ff + 1;
    else return ff;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// WebP (RFC 9649)

interface RiffChunk {
  fourcc: string;
  /** Where the payload starts and how long it is (without the pad byte). */
  start: number;
  size: number;
}

const VP8X_ANIMATION = 0x02;

function checkWebp(r: ByteReader): ImageSize {
  if (r.ascii(0, 4) !== "RIFF" || r.ascii(8, 4) !== "WEBP") fail("it is not a RIFF WEBP file");
  const declared = r.u32le(4) + 8;
  if (declared > r.length) fail(`it is truncated (its RIFF header declares ${count(declared)} bytes, the file has ${count(r.length)})`);
  if (declared < r.length) fail(trailing(declared, r.length, "its RIFF data"));
  const chunks = readChunks(r, 12, r.length, "the file");
  const first = chunks[0];
  if (!first) fail("it has no chunks");
  if (first.fourcc === "VP8 " || first.fourcc === "VP8L") {
    // The simple format: one bitstream chunk and nothing else.
    if (chunks.length > 1) fail(`it has a ${chunks[1]!.fourcc.trim()} chunk after its image, which a simple WebP cannot have`);
    return readBitstream(r, first);
  }
  if (first.fourcc !== "VP8X") fail(`its first chunk (${first.fourcc.trim()}) is not VP8, VP8L or VP8X`);
  return checkExtended(r, first, chunks.slice(1));
}

/** The chunks from `start` to `end`, each with its pad byte when its size is odd; nothing may overrun `end`. */
function readChunks(r: ByteReader, start: number, end: number, within: string): RiffChunk[] {
  const chunks: RiffChunk[] = [];
  let offset = start;
  while (offset < end) {
    if (offset + 8 > end) fail(`it is truncated (a chunk header at byte ${count(offset)} runs past the end of ${within})`);
    const fourcc = r.ascii(offset, 4);
    const size = r.u32le(offset + 4);
    const next = offset + 8 + size + (size & 1);
    if (next > end) fail(`it is truncated (the ${fourcc.trim()} chunk at byte ${count(offset)} runs past the end of ${within})`);
    chunks.push({ fourcc, start: offset + 8, size });
    offset = next;
  }
  return chunks;
}

/** VP8X: flags and canvas size; a still image has one bitstream of the canvas's size, an animation its frames. */
function checkExtended(r: ByteReader, header: RiffChunk, rest: RiffChunk[]): ImageSize {
  if (header.size < 10) fail("its VP8X chunk is damaged");
  const flags = r.u8(header.start);
  if ((flags & 0xc1) !== 0) fail("its VP8X chunk sets reserved bits");
  const canvas = { width: r.u24le(header.start + 4) + 1, height: r.u24le(header.start + 7) + 1 };
  if (canvas.width * canvas.height > 0xffffffff) fail("its canvas is impossibly large");
  if (flags & VP8X_ANIMATION) {
    if (!rest.some((chunk) => chunk.fourcc === "ANIM")) fail("it is animated but has no ANIM chunk");
    const frames = rest.filter((chunk) => chunk.fourcc === "ANMF");
    if (frames.length === 0) fail("it is animated but has no frames");
    for (const frame of frames) checkFrame(r, frame, canvas);
    return canvas;
  }
  const bitstreams = rest.filter((chunk) => chunk.fourcc === "VP8 " || chunk.fourcc === "VP8L");
  if (bitstreams.length !== 1 || rest.some((chunk) => chunk.fourcc === "ANMF")) fail("it must hold exactly one image bitstream");
  const image = readBitstream(r, bitstreams[0]!);
  if (image.width !== canvas.width || image.height !== canvas.height) {
    fail(`its canvas is ${canvas.width}×${canvas.height} px but its image is ${image.width}×${image.height} px`);
  }
  return canvas;
}

/** ANMF: offset, size and duration, then the frame's own chunks (ALPH, VP8 / VP8L); it must fit the canvas. */
function checkFrame(r: ByteReader, frame: RiffChunk, canvas: ImageSize) {
  if (frame.size < 16) fail("an ANMF frame is damaged");
  const x = r.u24le(frame.start) * 2;
  const y = r.u24le(frame.start + 3) * 2;
  const width = r.u24le(frame.start + 6) + 1;
  const height = r.u24le(frame.start + 9) + 1;
  if (x + width > canvas.width || y + height > canvas.height) fail("an ANMF frame does not fit the canvas");
  const inner = readChunks(r, frame.start + 16, frame.start + frame.size, "its ANMF frame");
  const bitstreams = inner.filter((chunk) => chunk.fourcc === "VP8 " || chunk.fourcc === "VP8L");
  if (bitstreams.length !== 1) fail("an ANMF frame must hold exactly one image bitstream");
  const image = readBitstream(r, bitstreams[0]!);
  if (image.width !== width || image.height !== height) fail("an ANMF frame's image is not the frame's size");
}

function readBitstream(r: ByteReader, chunk: RiffChunk): ImageSize {
  return chunk.fourcc === "VP8L" ? readVp8l(r, chunk) : readVp8(r, chunk);
}

/**
 * VP8 (RFC 6386 §9.1): a key frame tag whose first partition lies within the chunk with token data after it, the
 * start code 9D 01 2A, then 14-bit width and height.
 */
function readVp8(r: ByteReader, chunk: RiffChunk): ImageSize {
  if (chunk.size < 10) fail("its VP8 bitstream is truncated");
  const tag = r.u8(chunk.start) | (r.u8(chunk.start + 1) << 8) | (r.u8(chunk.start + 2) << 16);
  if ((tag & 1) !== 0) fail("its VP8 bitstream does not start with a key frame");
  if (((tag >> 1) & 7) > 3 || ((tag >> 4) & 1) !== 1) fail("its VP8 frame header is damaged");
  if (r.u8(chunk.start + 3) !== 0x9d || r.u8(chunk.start + 4) !== 0x01 || r.u8(chunk.start + 5) !== 0x2a) fail("its VP8 start code is missing");
  const firstPartition = tag >>> 5;
  if (firstPartition === 0 || 10 + firstPartition >= chunk.size) fail("its VP8 bitstream is truncated (its partitions do not fit)");
  const width = r.u8(chunk.start + 6) | ((r.u8(chunk.start + 7) & 0x3f) << 8);
  const height = r.u8(chunk.start + 8) | ((r.u8(chunk.start + 9) & 0x3f) << 8);
  if (width === 0 || height === 0) fail("its VP8 frame has no size");
  return { width, height };
}

/** VP8L (RFC 9649 §3): the signature 0x2F, 14-bit width − 1 and height − 1, the alpha bit and version 0. */
function readVp8l(r: ByteReader, chunk: RiffChunk): ImageSize {
  if (chunk.size < 6) fail("its VP8L bitstream is truncated");
  if (r.u8(chunk.start) !== 0x2f) fail("its VP8L signature is missing");
  const bits = r.u32le(chunk.start + 1);
  if (bits >>> 29 !== 0) fail("its VP8L version is not 0");
  return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
}
