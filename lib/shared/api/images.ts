import * as z from "zod";
import { outputIndexSchema, taskIdSchema, uploadIdSchema } from "@/lib/shared/api/ids";

/** GET /api/images/:taskId/:index */
export const taskImageParamsSchema = z.object({ taskId: taskIdSchema, index: outputIndexSchema });

/** GET /api/uploads/:id */
export const uploadParamsSchema = z.object({ id: uploadIdSchema });

/** GET /api/input-images?key&exp&sig: a short-lived signed URL the app gives a provider. */
export const inputImageQuerySchema = z.object({
  key: z.string().min(1).max(300),
  exp: z.coerce.number().int(),
  sig: z.string().min(1).max(100),
});
