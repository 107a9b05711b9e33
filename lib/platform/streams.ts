import "server-only";

/** How much of an unwanted request body is still read (and thrown away) so the connection stays usable. */
export interface DrainBound {
  maxBytes: number;
  maxMs: number;
}

/**
 * The bytes of a stream, at most `limitBytes` of them; past the limit `tooLarge` is thrown. An outbound download is
 * cancelled there; a request body (`drain` given) is read on and discarded within the bound instead, because under
 * `wrangler pages dev` a cancelled request body leaves the client's keep-alive connection hanging.
 */
export async function readStreamBytes(
  stream: ReadableStream<Uint8Array> | null,
  limitBytes: number,
  tooLarge: () => Error,
  drain?: DrainBound,
): Promise<Uint8Array> {
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limitBytes) {
      if (drain) await drainReader(reader, drain);
      else await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Reads a body to its end and discards it, unless it runs past the bound: then it is cancelled after all. */
export async function drainStream(stream: ReadableStream<Uint8Array>, bound: DrainBound): Promise<void> {
  await drainReader(stream.getReader(), bound);
}

async function drainReader(reader: ReadableStreamDefaultReader<Uint8Array>, { maxBytes, maxMs }: DrainBound): Promise<void> {
  const deadline = Date.now() + maxMs;
  let read = 0;
  try {
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0 || read >= maxBytes) break;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), left);
      });
      const chunk = await Promise.race([reader.read(), timeout]);
      clearTimeout(timer);
      if (chunk === "timeout" || chunk.done) {
        if (chunk !== "timeout") return;
        break;
      }
      read += chunk.value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The client went away: nothing left to keep usable.
  }
}
