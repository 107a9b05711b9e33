import * as z from "zod";
import type { App } from "@/lib/app";
import { parseWith } from "@/lib/api/body";
import { enforceRateLimits } from "@/lib/rate-limit";
import { releaseBudget, reserveBudget, type Payer } from "@/lib/spend/budgets";
import { usdToMicros } from "@/lib/spend/money";
import { LOCALES, type Locale } from "@/lib/i18n/locales";

const SYSTEM_INSTRUCTIONS: Record<Locale, string> = {
  en:
    "You improve prompts for the FLUX image models. Rewrite the user's idea as one vivid, concrete image prompt " +
    "in English: subject, setting, composition, lighting, style and mood. Keep what the user asked for; add no text " +
    "overlays. Answer with the prompt only, at most 80 words.",
  zh:
    "你负责为 FLUX 图像模型改写提示词。把用户的想法改写成一段生动、具体的图像提示词：主体、场景、构图、光线、风格和氛围。" +
    "保留用户的要求，不要添加文字水印。只回答提示词本身，不超过 120 个字。",
};

const messageSchema = z.object({
  role: z.enum(["system", "user", "assistant"]),
  content: z.string().trim().min(1).max(4000),
});

/** POST /api/prompt accepts either a prompt to improve or a chat in the brief's shape. */
const improvePromptBodySchema = z.object({
  prompt: z.string().trim().min(1, "must not be empty").max(2000),
  locale: z.enum(LOCALES).default("en"),
  model: z.string().min(1).max(100).optional(),
});

const chatPromptBodySchema = z.object({
  messages: z.array(messageSchema).min(1).max(20),
  model: z.string().min(1).max(100).optional(),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.number().int().min(1).max(2048).optional(),
});

function parsePromptBody(body: unknown) {
  // Choosing the schema by shape keeps the error naming the field a person got wrong.
  const isChat = typeof body === "object" && body !== null && "messages" in body;
  return isChat ? parseWith(chatPromptBodySchema, body) : parseWith(improvePromptBodySchema, body);
}

export interface PromptResult {
  text: string;
  model: string;
  cached: boolean;
}

/** Prompt help at a small fixed price, reserved before the call and given back if the call fails. */
export async function improvePrompt(app: App, payer: Payer, body: unknown): Promise<PromptResult> {
  const { userId } = payer;
  const request = parsePromptBody(body);
  await enforceRateLimits(app, "prompt", payer);
  const reservation = await reserveBudget(app, payer, usdToMicros(app.env.PROMPT_HELP_PRICE_USD));
  try {
    return await askGemini(app, userId, request);
  } catch (error) {
    await releaseBudget(app, reservation);
    throw error;
  }
}

async function askGemini(app: App, userId: string, request: ReturnType<typeof parsePromptBody>): Promise<PromptResult> {
  const result =
    "prompt" in request
      ? await app.gateway.generateTextViaGemini({
          messages: [
            { role: "system", content: SYSTEM_INSTRUCTIONS[request.locale] },
            { role: "user", content: request.prompt },
          ],
          model: request.model,
          // Deterministic settings make identical requests cacheable at the gateway.
          temperature: 0,
          max_tokens: 400,
          cache: true,
          metadata: { user_id: userId, locale: request.locale },
        })
      : await app.gateway.generateTextViaGemini({
          messages: request.messages,
          model: request.model,
          temperature: request.temperature,
          max_tokens: request.max_tokens,
          metadata: { user_id: userId },
        });
  return { text: result.text.trim(), model: result.model, cached: result.cached };
}
