import { execFile } from "node:child_process";
import { promisify } from "node:util";
// Node 20 has no WebSocket global; undici (miniflare's own HTTP client, so always installed with it) has one.
import { WebSocket } from "undici";

const run = promisify(execFile);
const toMb = (bytes: number) => Math.round(bytes / 104_857.6) / 10;

/**
 * A DevTools client on `wrangler pages dev`'s inspector proxy, which switches off the inspector events the dev server
 * would otherwise pile up, and reads the app isolate's JS heap (`Runtime.getHeapUsage`).
 *
 * Why: wrangler's InspectorProxyWorker (in the proxy workerd, node_modules/wrangler/templates/startDevWorker/
 * InspectorProxyWorker.ts) subscribes to the worker's `Runtime` and `Network` events — a console line per log entry
 * (the app logs one per request and per gateway call) and several events per subrequest — and for every event
 * (1) pushes it onto `runtimeMessageBuffer`, which only a connected DevTools drains, and (2) POSTs a debug log to
 * wrangler's controller, leaving one socket in CLOSE-WAIT per request it could not reuse. In trial runs that was the
 * dev server, not the app: unattached, 600 tasks grew the proxy workerd 58 → 423 MB and the runtime 85 → 429 MB;
 * attached but with the events on, the proxy reached its 20,000 open files (19,358 CLOSE-WAIT sockets to the
 * controller) about 200 s into the default run and stopped answering. Production has none of this, so the soak
 * sends `Runtime.disable` and `Network.disable` (the worker's console still works; wrangler just no longer relays it).
 */
export interface WorkerInspector {
  /** The app isolate's used JS heap and the ArrayBuffer memory it holds outside it, in MB; null when it did not answer in time. */
  heapUsage(): Promise<{ heapMb: number; buffersMb: number } | null>;
  /** Messages received other than answers to our calls (events that came before the disable, or despite it). */
  readonly drained: number;
  /** Whether the runtime acknowledged `Runtime.disable` and `Network.disable`. */
  readonly eventsDisabled: boolean;
  close(): void;
}

/** `host:port` the process listens on, from `ss` (the port is chosen at start-up; 9229 unless taken). */
async function listeningAddresses(pid: number): Promise<string[]> {
  const { stdout } = await run("ss", ["-ltnpH"]);
  return stdout
    .split("\n")
    .filter((line) => line.includes(`pid=${pid},`))
    .map((line) => line.trim().split(/\s+/)[3] ?? "")
    .filter((address) => address !== "");
}

async function debuggerUrl(pid: number): Promise<string | null> {
  for (const address of await listeningAddresses(pid)) {
    try {
      const response = await fetch(`http://${address}/json/list`, { signal: AbortSignal.timeout(2_000) });
      if (!response.ok) continue;
      const targets = (await response.json()) as { webSocketDebuggerUrl?: string }[];
      const url = targets.find((target) => target.webSocketDebuggerUrl)?.webSocketDebuggerUrl;
      if (url) return url;
    } catch {
      // Not the inspector (the worker's own port, a loopback service): try the next one.
    }
  }
  return null;
}

/** Attaches to the inspector proxy of the proxy workerd `pid`; null when it cannot be found or reached. */
export async function attachInspector(pid: number): Promise<WorkerInspector | null> {
  const url = await debuggerUrl(pid);
  if (!url) return null;
  // The inspector proxy takes DevTools from localhost only, and says so by the `Origin` header.
  const socket = new WebSocket(url, { headers: { origin: "http://127.0.0.1" } });
  const opened = await new Promise<boolean>((resolve) => {
    socket.addEventListener("open", () => resolve(true), { once: true });
    socket.addEventListener("error", () => resolve(false), { once: true });
    setTimeout(() => resolve(false), 10_000);
  });
  if (!opened) {
    socket.close();
    return null;
  }
  const waiting = new Map<number, (result: unknown) => void>();
  let nextId = 0;
  let drained = 0;
  socket.addEventListener("message", (event) => {
    const text = String(event.data);
    // Only answers to our own calls are read; events are counted and dropped unparsed.
    if (!text.startsWith('{"id":')) {
      drained += 1;
      return;
    }
    const message = JSON.parse(text) as { id: number; result?: unknown; error?: unknown };
    waiting.get(message.id)?.(message.error === undefined ? (message.result ?? {}) : null);
    waiting.delete(message.id);
  });
  const call = (method: string) =>
    new Promise<unknown>((resolve) => {
      const id = ++nextId;
      waiting.set(id, resolve);
      socket.send(JSON.stringify({ id, method, params: {} }));
      setTimeout(() => {
        waiting.delete(id);
        resolve(null);
      }, 5_000).unref();
    });
  const eventsDisabled = (await call("Runtime.disable")) !== null && (await call("Network.disable")) !== null;
  return {
    eventsDisabled,
    async heapUsage() {
      const usage = (await call("Runtime.getHeapUsage")) as { usedSize?: number; backingStorageSize?: number } | null;
      if (typeof usage?.usedSize !== "number") return null;
      return { heapMb: toMb(usage.usedSize), buffersMb: toMb(usage.backingStorageSize ?? 0) };
    },
    get drained() {
      return drained;
    },
    close: () => socket.close(),
  };
}
