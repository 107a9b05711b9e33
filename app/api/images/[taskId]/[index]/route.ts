import { apiRoute } from "@/lib/http/route";
import { parseWith } from "@/lib/http/body";
import { taskImageParamsSchema } from "@/lib/shared/api/images";
import { readTaskImage } from "@/lib/tasks/read-image";

export const runtime = "edge";

// GET /api/images/:taskId/:index – image bytes from R2, visible like the task itself.
export const GET = apiRoute<{ taskId: string; index: string }>("GET /api/images/:taskId/:index", async (_request, { app, params, viewerId }) => {
  const { taskId, index } = parseWith(taskImageParamsSchema, params);
  return readTaskImage(app, taskId, index, await viewerId());
});
