import * as z from "zod";
import { LOCALES } from "@/lib/shared/i18n/locales";
import { DEFAULT_STATS_WINDOW, STATS_WINDOW_NAMES, type StatsWindow } from "@/lib/shared/stats-windows";

/** POST /api/admin/session: a JSON body or a sign-in form. */
export const createAdminSessionBodySchema = z.object({
  token: z.string().trim().max(512).default(""),
  /** Where a sign-in form sends the browser back to. */
  locale: z.enum(LOCALES).default("en"),
});
export type CreateAdminSessionBody = z.infer<typeof createAdminSessionBodySchema>;

/** The body of POST /api/admin/reconcile; an empty body means the defaults (RECONCILE_AFTER_SECONDS, 100 tasks). */
export const reconcileBodySchema = z.object({
  older_than_seconds: z.number().int().min(0).max(86_400).optional(),
  limit: z.number().int().min(1).max(500).optional(),
});

/** `?window` of GET /api/admin/stats. */
export const statsQuerySchema = z.object({
  window: z.enum(STATS_WINDOW_NAMES as [StatsWindow, ...StatsWindow[]]).default(DEFAULT_STATS_WINDOW),
});
