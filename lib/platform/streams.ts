import "server-only";

/**
 * The bytes of a stream, at most `limitBytes` of them: the stream is cancelled as soon as it passes the limit,
 * and `tooLarge` is thrown. Shared by request bodies and downloaded provider outputs.
 */
export async function readStreamBytes(stream: ReadableStream<Uint8Array> | null, limitBytes: number, tooLarge: () => Error): Promise<Uint8Array> {
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limitBytes) {
      await reader.cancel().catch(() => undefined);
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
