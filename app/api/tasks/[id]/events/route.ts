import { apiRoute } from "@/lib/http/route";
import { parseWith } from "@/lib/http/body";
import { taskIdSchema } from "@/lib/shared/api/ids";
import { getVisibleTask } from "@/lib/tasks/visibility";
import { taskEventStream } from "@/lib/tasks/task-events";

export const runtime = "edge";

// GET /api/tasks/:id/events – the task as a server-sent event stream, visible like GET /api/tasks/:id.
export const GET = apiRoute<{ id: string }>("GET /api/tasks/:id/events", async (_request, { app, params, viewerId }) => {
  const id = parseWith(taskIdSchema, params.id);
  const viewer = await viewerId();
  const task = await getVisibleTask(app, id, viewer);
  return new Response(taskEventStream(app, task, viewer), {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      "x-content-type-options": "nosniff",
    },
  });
});
