import * as z from "zod";
import { MAX_OUTPUTS_PER_TASK } from "@/lib/shared/limits";

export const taskIdSchema = z.string().min(1).max(100);
export const uploadIdSchema = z.string().min(1).max(100);
export const runIdSchema = z.string().min(1).max(100);
/** Which of a task's images: 0 up to the most one task holds, less one. */
export const outputIndexSchema = z.coerce
  .number()
  .int()
  .min(0)
  .max(MAX_OUTPUTS_PER_TASK - 1);
