import { GEMINI_DEFAULT_MODEL, isRetiredGeminiModel } from "../models";
import { type CallContext, runCall } from "./call";
import { AiGatewayError, retiredModelMessage } from "./gateway-errors";
import {
  DEFAULT_SAFETY_SETTINGS,
  type GenerateTextParams,
  type GenerateTextResult,
  generateTextParamsSchema,
  readGeminiResponse,
  type SafetySetting,
  toGeminiRequest,
} from "./gemini";
import { type GatewayIdentity, gatewayHeaders } from "./headers";
import { describeIssues } from "./replicate";

/** generateContent through the gateway's `/google-ai-studio` route. */

export interface GeminiSettings extends GatewayIdentity {
  geminiApiKey: string;
  geminiModel: string;
  safetySettings?: readonly SafetySetting[];
  promptCacheTtlSeconds: number;
}

export function createGeminiCalls(ctx: CallContext, settings: GeminiSettings) {
  const safetySettings = settings.safetySettings ?? DEFAULT_SAFETY_SETTINGS;
  return {
    /** Chat messages → Gemini generateContent; safety blocks and retired models are typed, non-retryable errors. */
    async generateTextViaGemini(params: GenerateTextParams): Promise<GenerateTextResult> {
      const parsed = generateTextParamsSchema.safeParse(params);
      if (!parsed.success) {
        throw new AiGatewayError({
          kind: "invalid_input",
          provider: "gemini",
          message: describeIssues(parsed.error.issues),
          details: parsed.error.issues,
        });
      }
      const model = parsed.data.model ?? (settings.geminiModel.trim().replace(/^models\//, "") || GEMINI_DEFAULT_MODEL);
      if (isRetiredGeminiModel(model)) {
        throw new AiGatewayError({ kind: "retired_model", provider: "gemini", message: retiredModelMessage(model, "Google has shut it down") });
      }
      const meta = parsed.data.metadata ?? {};
      const cacheHeaders: Record<string, string> = parsed.data.cache
        ? { "cf-aig-cache-ttl": String(settings.promptCacheTtlSeconds) }
        : { "cf-aig-skip-cache": "true" };
      const { value: reading, trace } = await runCall(ctx, {
        provider: "gemini",
        operation: "text.generate",
        model,
        method: "POST",
        path: `/v1beta/models/${encodeURIComponent(model)}:generateContent`,
        headers: {
          "x-goog-api-key": settings.geminiApiKey,
          "content-type": "application/json",
          ...cacheHeaders,
          ...gatewayHeaders(settings, { task_id: meta.task_id, user_id: meta.user_id, model, locale: meta.locale }),
        },
        body: toGeminiRequest(parsed.data, safetySettings),
        taskId: meta.task_id ?? null,
        creates: false,
        read: (body) => {
          const result = readGeminiResponse(body);
          if (result.ok) return { ok: true, value: result };
          return {
            ok: false,
            problem: {
              kind: result.reason === "safety" ? "safety" : "provider_down",
              retryable: false,
              outcomeUnknown: false,
              message: result.message,
              details: result.reason === "safety" ? result.details : body,
            },
          };
        },
      });
      return {
        text: reading.text,
        model: reading.modelVersion ?? model,
        cached: trace.cacheStatus?.toUpperCase() === "HIT",
        finishReason: reading.finishReason,
        usage: reading.usage,
        logId: trace.logId,
      };
    },
  };
}
