import { apiRoute } from "@/lib/http/route";
import { parseWith } from "@/lib/http/body";
import { taskIdSchema } from "@/lib/shared/api/ids";
import { isTerminal } from "@/lib/shared/task-status";
import { countStreamOpen, takeStreamPlace } from "@/lib/spend/stream-limits";
import { getVisibleTask } from "@/lib/tasks/visibility";
import { STREAM_MAX_MS, taskEventStream } from "@/lib/tasks/task-events";

export const runtime = "edge";

// GET /api/tasks/:id/events – the task as a server-sent event stream, visible like GET /api/tasks/:id. Each open
// counts against the client's opens per minute; a running task's stream takes a place within the caps on open
// streams (per client address, per task and viewer) until it ends. A refusal is a 429 with Retry-After.
export const GET = apiRoute<{ id: string }>("GET /api/tasks/:id/events", async (request, { app, params, viewerId, clientKey }) => {
  const id = parseWith(taskIdSchema, params.id);
  const client = await clientKey();
  await countStreamOpen(app, client);
  const viewer = await viewerId();
  const task = await getVisibleTask(app, id, viewer);
  // A finished task's stream sends it once and closes at once: it holds no place.
  const release = isTerminal(task.status)
    ? undefined
    : await takeStreamPlace(app, { clientKey: client, viewerId: viewer, taskId: id, lifetimeMs: STREAM_MAX_MS });
  return new Response(taskEventStream(app, task, viewer, { signal: request.signal, onEnd: release }), {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      "x-content-type-options": "nosniff",
    },
  });
});
