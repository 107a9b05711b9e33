import * as z from "zod";
import { apiRoute } from "@/lib/api/route";
import { parseWith } from "@/lib/api/body";
import { taskIdSchema } from "@/lib/tasks/ids";
import { readTaskImage } from "@/lib/tasks/read-image";

export const runtime = "edge";

const paramsSchema = z.object({ taskId: taskIdSchema, index: z.coerce.number().int().min(0).max(3) });

// GET /api/images/:taskId/:index – image bytes from R2, visible like the task itself.
export const GET = apiRoute<{ taskId: string; index: string }>("GET /api/images/:taskId/:index", async (_request, { app, params, viewerId }) => {
  const { taskId, index } = parseWith(paramsSchema, params);
  return readTaskImage(app, taskId, index, await viewerId());
});
