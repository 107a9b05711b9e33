import * as z from "zod";

/** The body of POST /api/admin/reconcile; an empty body means the defaults (lib/tasks/reconcile.ts). */
export const reconcileBodySchema = z.object({
  older_than_seconds: z.number().int().min(0).max(86_400).optional(),
  limit: z.number().int().min(1).max(500).optional(),
});
