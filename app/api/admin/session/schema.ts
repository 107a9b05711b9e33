import * as z from "zod";
import { LOCALES } from "@/lib/i18n/locales";

export const createAdminSessionBodySchema = z.object({
  token: z.string().trim().max(512).default(""),
  /** Where a sign-in form sends the browser back to. */
  locale: z.enum(LOCALES).default("en"),
});
export type CreateAdminSessionBody = z.infer<typeof createAdminSessionBodySchema>;
