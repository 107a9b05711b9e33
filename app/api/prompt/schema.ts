import * as z from "zod";
import { LOCALES } from "@/lib/i18n/locales";
import { PROMPT_MAX_LENGTH } from "@/lib/input-limits";

/**
 * POST /api/prompt takes a prompt and a locale, nothing else (a strict schema: any other field is a 422). The
 * server picks the model (GEMINI_MODEL), the instructions and the output limit, so the route cannot be used as
 * an open Gemini proxy on the owner's key.
 */
export const promptBodySchema = z.strictObject({
  prompt: z.string().trim().min(1, "must not be empty").max(PROMPT_MAX_LENGTH),
  locale: z.enum(LOCALES).default("en"),
});
