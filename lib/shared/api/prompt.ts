import * as z from "zod";
import { LOCALES } from "@/lib/shared/i18n/locales";
import { PROMPT_MAX_LENGTH } from "@/lib/shared/limits";

/**
 * POST /api/prompt takes a prompt and a locale, nothing else (a strict schema: any other field is a 422). The
 * server picks the model (GEMINI_MODEL), the instructions and the output limit, so the route cannot be used as
 * an open Gemini proxy on the owner's key.
 */
export const promptBodySchema = z.strictObject({
  prompt: z.string().trim().min(1, "must not be empty").max(PROMPT_MAX_LENGTH),
  locale: z.enum(LOCALES).default("en"),
});

/** What a person asks prompt help for, as the route parsed it. */
export type PromptHelpRequest = z.infer<typeof promptBodySchema>;

/** The answer of POST /api/prompt. */
export const promptHelpViewSchema = z
  .object({
    text: z.string().meta({ description: "The suggested prompt." }),
    model: z.string().meta({ description: "The Gemini model that wrote it." }),
    cached: z.boolean().meta({ description: "Served from the gateway's cache." }),
  })
  .meta({ description: "The answer of POST /api/prompt." });

export type PromptHelpView = z.infer<typeof promptHelpViewSchema>;
