import "server-only";
import * as z from "zod";
import { isRecord } from "./retry";

/** Gemini's wire format (generateContent): chat messages → request body, response → text or a safety block. */

/** @internal The type of generateTextViaGemini's messages, for callers of the client. */
export interface GeminiMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface GenerateTextParams {
  messages: GeminiMessage[];
  model?: string;
  temperature?: number;
  max_tokens?: number;
  /** Send cf-aig-cache-ttl so the gateway may answer identical prompt-help requests from its cache. */
  cache?: boolean;
  metadata?: { user_id?: string; locale?: string; task_id?: string };
}

export interface GenerateTextResult {
  text: string;
  model: string;
  cached: boolean;
  finishReason: string | null;
  usage: { promptTokens: number; outputTokens: number; totalTokens: number } | null;
  logId: string | null;
}

export interface SafetySetting {
  category: string;
  threshold: string;
}

export const DEFAULT_SAFETY_SETTINGS: readonly SafetySetting[] = [
  "HARM_CATEGORY_HARASSMENT",
  "HARM_CATEGORY_HATE_SPEECH",
  "HARM_CATEGORY_SEXUALLY_EXPLICIT",
  "HARM_CATEGORY_DANGEROUS_CONTENT",
].map((category) => ({ category, threshold: "BLOCK_MEDIUM_AND_ABOVE" }));

/** Finish reasons that mean "the answer was refused", not "something broke" (any prompt blockReason is a refusal). */
const SAFETY_FINISH_REASONS = new Set(["SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "IMAGE_SAFETY"]);

const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const generateTextParamsSchema = z.object({
  messages: z
    .array(
      z.object({
        role: z.enum(["system", "user", "assistant"]),
        content: z.string().trim().min(1, { message: "a message is empty" }).max(32_000),
      }),
    )
    .min(1, { message: "send at least one message" })
    .max(100)
    .refine((messages) => messages.some((message) => message.role !== "system"), {
      message: "send at least one user message besides the system instructions",
    }),
  model: z
    .string()
    .trim()
    .transform(normaliseGeminiModel)
    .pipe(z.string().regex(MODEL_ID, { message: "is not a Gemini model id" }))
    .optional(),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.number().int().min(1).max(65_536).optional(),
  cache: z.boolean().optional(),
  metadata: z
    .object({ user_id: z.string().max(200).optional(), locale: z.string().max(35).optional(), task_id: z.string().max(200).optional() })
    .optional(),
});

export type ParsedTextParams = z.infer<typeof generateTextParamsSchema>;

function normaliseGeminiModel(id: string): string {
  return id.trim().replace(/^models\//, "");
}

type GeminiContent = { role: "user" | "model"; parts: { text: string }[] };

/**
 * system → systemInstruction, assistant → model, neighbouring messages of one role merged into one turn. Frequency
 * and presence penalties are never sent; `sampling: false` (Gemini 3.6+, which ignores them) leaves temperature out.
 */
export function toGeminiRequest(
  params: ParsedTextParams,
  safetySettings: readonly SafetySetting[],
  options: { sampling: boolean },
): Record<string, unknown> {
  const system = params.messages.filter((message) => message.role === "system").map((message) => message.content);
  const contents: GeminiContent[] = [];
  for (const message of params.messages) {
    if (message.role === "system") continue;
    const role = message.role === "assistant" ? "model" : "user";
    const previous = contents.at(-1);
    if (previous?.role === role) previous.parts.push({ text: message.content });
    else contents.push({ role, parts: [{ text: message.content }] });
  }
  const generationConfig: Record<string, number> = {};
  if (options.sampling && params.temperature !== undefined) generationConfig.temperature = params.temperature;
  if (params.max_tokens !== undefined) generationConfig.maxOutputTokens = params.max_tokens;

  const body: Record<string, unknown> = { contents, safetySettings };
  if (system.length > 0) body.systemInstruction = { parts: [{ text: system.join("\n\n") }] };
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;
  return body;
}

export type GeminiReading =
  | { ok: true; text: string; finishReason: string | null; usage: GenerateTextResult["usage"]; modelVersion: string | null }
  | { ok: false; reason: "safety"; message: string; details: unknown }
  | { ok: false; reason: "malformed"; message: string };

const SAFETY_ADVICE = "Rephrase the prompt (leave out violent, sexual, hateful or personal details) and try again.";

/** Reads a generateContent response: the text of the first candidate, or why there is none. */
export function readGeminiResponse(body: unknown): GeminiReading {
  if (!isRecord(body)) return { ok: false, reason: "malformed", message: "Gemini answered with something that is not JSON." };
  const feedback = isRecord(body.promptFeedback) ? body.promptFeedback : null;
  const candidates = Array.isArray(body.candidates) ? body.candidates : [];
  const first = candidates[0];
  if (typeof feedback?.blockReason === "string") {
    return {
      ok: false,
      reason: "safety",
      message: `Gemini refused this prompt (${feedback.blockReason}). ${SAFETY_ADVICE}`,
      details: { blockReason: feedback.blockReason, safetyRatings: feedback.safetyRatings },
    };
  }
  if (!isRecord(first)) return { ok: false, reason: "malformed", message: "Gemini answered without any candidate text." };

  const finishReason = typeof first.finishReason === "string" ? first.finishReason : null;
  if (finishReason !== null && SAFETY_FINISH_REASONS.has(finishReason)) {
    return {
      ok: false,
      reason: "safety",
      message: `Gemini stopped its answer for safety reasons (${finishReason}). ${SAFETY_ADVICE}`,
      details: { finishReason, safetyRatings: first.safetyRatings },
    };
  }
  const parts = isRecord(first.content) && Array.isArray(first.content.parts) ? first.content.parts : [];
  // Thought summaries (thinking models) are not part of the answer.
  const text = parts
    .filter((part): part is Record<string, unknown> => isRecord(part) && typeof part.text === "string" && part.thought !== true)
    .map((part) => part.text as string)
    .join("");
  return {
    ok: true,
    text,
    finishReason,
    usage: readUsage(body.usageMetadata),
    modelVersion: typeof body.modelVersion === "string" ? body.modelVersion : null,
  };
}

function readUsage(usage: unknown): GenerateTextResult["usage"] {
  if (!isRecord(usage)) return null;
  const promptTokens = Number(usage.promptTokenCount ?? 0);
  const outputTokens = Number(usage.candidatesTokenCount ?? 0);
  const totalTokens = Number(usage.totalTokenCount ?? promptTokens + outputTokens);
  return [promptTokens, outputTokens, totalTokens].every(Number.isFinite) ? { promptTokens, outputTokens, totalTokens } : null;
}

/** The parts of a Google error body `{error:{code,message,status,details}}` the classifier needs. */
export function geminiErrorInfo(body: unknown): { message: string | null; status: string | null; reasons: string[] } {
  const error = isRecord(body) && isRecord(body.error) ? body.error : null;
  if (error === null) return { message: null, status: null, reasons: [] };
  const details = Array.isArray(error.details) ? error.details : [];
  const reasons = details.flatMap((detail) => (isRecord(detail) && typeof detail.reason === "string" ? [detail.reason] : []));
  return {
    message: typeof error.message === "string" ? error.message : null,
    status: typeof error.status === "string" ? error.status : null,
    reasons,
  };
}
