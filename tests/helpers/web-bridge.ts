import type { IncomingMessage, ServerResponse } from "node:http";

/** Node's HTTP server in front of Web-standard route handlers (the test and bench harnesses). */
export async function toWebRequest(message: IncomingMessage, baseUrl: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) {
    if (Array.isArray(value)) {
      for (const item of value) headers.append(name, item);
    } else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = chunks.length > 0 && message.method !== "GET" && message.method !== "HEAD";
  return new Request(new URL(message.url ?? "/", baseUrl), { method: message.method, headers, body: hasBody ? Buffer.concat(chunks) : undefined });
}

export async function sendWebResponse(response: Response, out: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  out.writeHead(response.status, headers);
  if (!response.body) {
    out.end();
    return;
  }
  // Chunk by chunk, so an event stream reaches the client as it is written; a client that leaves cancels it.
  const reader = response.body.getReader();
  out.on("close", () => void reader.cancel().catch(() => undefined));
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      out.write(value);
    }
  } catch {
    // The client went away mid-stream (cancel above): nothing left to send.
  }
  out.end();
}
