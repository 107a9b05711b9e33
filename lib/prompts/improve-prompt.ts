import * as z from "zod";
import type { App } from "@/lib/app";
import { parseWith } from "@/lib/api/body";
import { enforceRateLimits } from "@/lib/rate-limit";
import { releaseBudget, reserveBudget, type Payer } from "@/lib/spend/budgets";
import { usdToMicros } from "@/lib/spend/money";
import { LOCALES, type Locale } from "@/lib/i18n/locales";
import { PROMPT_MAX_LENGTH } from "@/lib/input-limits";

const SYSTEM_INSTRUCTIONS: Record<Locale, string> = {
  en:
    "You improve prompts for the FLUX image models. Rewrite the user's idea as one vivid, concrete image prompt " +
    "in English: subject, setting, composition, lighting, style and mood. Keep what the user asked for; add no text " +
    "overlays. Answer with the prompt only, at most 80 words.",
  zh:
    "你负责为 FLUX 图像模型改写提示词。把用户的想法改写成一段生动、具体的图像提示词：主体、场景、构图、光线、风格和氛围。" +
    "保留用户的要求，不要添加文字水印。只回答提示词本身，不超过 120 个字。",
};

/**
 * POST /api/prompt takes a prompt and a locale, nothing else (a strict schema: any other field is a 422). The
 * server picks the model (GEMINI_MODEL), the instructions and the output limit, so the route cannot be used as
 * an open Gemini proxy on the owner's key.
 */
const improvePromptBodySchema = z.strictObject({
  prompt: z.string().trim().min(1, "must not be empty").max(PROMPT_MAX_LENGTH),
  locale: z.enum(LOCALES).default("en"),
});

/** The most Gemini may write for one suggestion (the instructions ask for ~80 words). */
const SUGGESTION_MAX_TOKENS = 400;

export interface PromptResult {
  text: string;
  model: string;
  cached: boolean;
}

/** Prompt help at a small fixed price, reserved before the call and given back if the call fails. */
export async function improvePrompt(app: App, payer: Payer, body: unknown): Promise<PromptResult> {
  const { userId } = payer;
  const request = parseWith(improvePromptBodySchema, body);
  await enforceRateLimits(app, "prompt", payer);
  const reservation = await reserveBudget(app, payer, usdToMicros(app.env.PROMPT_HELP_PRICE_USD));
  try {
    const result = await app.gateway.generateTextViaGemini({
      messages: [
        { role: "system", content: SYSTEM_INSTRUCTIONS[request.locale] },
        { role: "user", content: request.prompt },
      ],
      // Deterministic settings make identical requests cacheable at the gateway.
      temperature: 0,
      max_tokens: SUGGESTION_MAX_TOKENS,
      cache: true,
      metadata: { user_id: userId, locale: request.locale },
    });
    return { text: result.text.trim(), model: result.model, cached: result.cached };
  } catch (error) {
    await releaseBudget(app, reservation);
    throw error;
  }
}
