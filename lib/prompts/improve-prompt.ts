import "server-only";
import type { App } from "@/lib/platform/app";
import { enforceRateLimits } from "@/lib/spend/rate-limit";
import { releaseBudget, reserveBudget, type Payer } from "@/lib/spend/budgets";
import { usdToMicros } from "@/lib/shared/money";
import type { Locale } from "@/lib/shared/i18n/locales";
import type { PromptHelpRequest, PromptHelpView } from "@/lib/shared/api/prompt";

const SYSTEM_INSTRUCTIONS: Record<Locale, string> = {
  en:
    "You improve prompts for the FLUX image models. Rewrite the user's idea as one vivid, concrete image prompt " +
    "in English: subject, setting, composition, lighting, style and mood. Keep what the user asked for; add no text " +
    "overlays. Answer with the prompt only, at most 80 words.",
  zh:
    "你负责为 FLUX 图像模型改写提示词。把用户的想法改写成一段生动、具体的图像提示词：主体、场景、构图、光线、风格和氛围。" +
    "保留用户的要求，不要添加文字水印。只回答提示词本身，不超过 120 个字。",
};

/** The most Gemini may write for one suggestion (the instructions ask for ~80 words). */
const SUGGESTION_MAX_TOKENS = 400;

/** Prompt help at a small fixed price, reserved before the call and given back if the call fails. */
export async function improvePrompt(app: App, payer: Payer, request: PromptHelpRequest): Promise<PromptHelpView> {
  const { userId } = payer;
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
