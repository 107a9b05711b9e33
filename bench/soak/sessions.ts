import sharp from "sharp";
import type { TaskView } from "@/lib/shared/task-view";
import { runPool } from "../lib/load";
import { type LatencyLog, SoakSession } from "./client";
import type { Random } from "./random";

/** An image a session may name as a reference, with the size the server prices it by. */
export interface Reference {
  ref: string;
  width: number;
  height: number;
}

/** One person: their browser, their uploads, and the tasks of theirs that succeeded (later tasks reference those). */
export interface Person {
  index: number;
  session: SoakSession;
  uploads: Reference[];
  succeeded: Reference[];
}

/** Documentation address blocks (RFC 5737), so no real network is named. */
const ADDRESS_BLOCKS = ["192.0.2", "198.51.100", "203.0.113"];

function clientAddress(index: number): string {
  return `${ADDRESS_BLOCKS[index % ADDRESS_BLOCKS.length]}.${10 + Math.floor(index / ADDRESS_BLOCKS.length)}`;
}

/** Sizes under a megapixel and of different shapes, so `match_input_image` and per-megapixel prices vary. */
const UPLOAD_SIZES = [
  { width: 640, height: 480 },
  { width: 512, height: 512 },
  { width: 600, height: 900 },
];

/** A small PNG of one colour per person and upload, made the way a browser's canvas export would hand it over. */
async function makePng(width: number, height: number, random: Random): Promise<Uint8Array<ArrayBuffer>> {
  const background = { r: random.int(0, 255), g: random.int(0, 255), b: random.int(0, 255) };
  const buffer = await sharp({ create: { width, height, channels: 3, background } })
    .png({ compressionLevel: 1 })
    .toBuffer();
  return new Uint8Array(buffer);
}

async function uploadOne(person: Person, random: Random): Promise<void> {
  const size = random.pick(UPLOAD_SIZES);
  const answer = await person.session.upload<{ upload?: { id: string; width: number; height: number } }>(
    await makePng(size.width, size.height, random),
    "image/png",
  );
  const upload = answer.body.upload;
  if (answer.status !== 201 || !upload) throw new Error(`upload refused: ${answer.status} ${JSON.stringify(answer.body)}`);
  person.uploads.push({ ref: upload.id, width: upload.width, height: upload.height });
}

/** Every person opens the studio (a session) and uploads one or two PNGs before the load starts. */
export async function preparePeople(options: { baseUrl: string; sessions: number; addresses: number }, latency: LatencyLog, random: Random) {
  const people: Person[] = Array.from({ length: options.sessions }, (_, index) => ({
    index,
    session: new SoakSession(options.baseUrl, clientAddress(index % options.addresses), latency),
    uploads: [],
    succeeded: [],
  }));
  await runPool(people, 8, async (person) => {
    const me = await person.session.get("/api/me");
    if (me.status !== 200) throw new Error(`GET /api/me answered ${me.status}`);
    const uploads = random.int(1, 2);
    for (let i = 0; i < uploads; i++) await uploadOne(person, random);
  });
  return people;
}

/** A succeeded task's first image, as a later task of the same person may name it. */
export function referenceOf(task: TaskView): Reference | null {
  const image = task.images[0];
  if (!image) return null;
  // The server prices an image of unknown size as one megapixel; the same here.
  return { ref: `task:${task.id}/0`, width: image.width ?? 1000, height: image.height ?? 1000 };
}
