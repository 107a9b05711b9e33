import "server-only";
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
import { GEMINI_DEFAULT_MODEL, geminiDeprecationNotice, isShutDownGeminiModel, isStrictGeminiFamily } from "../shared/gemini-models";
import { type GatewayIdentity, gatewayHeaders } from "./headers";
import { describeIssues } from "./replicate";

/** generateContent through the gateway's `/google-ai-studio` route. */

export interface GeminiSettings extends GatewayIdentity {
  geminiApiKey: string;
  geminiModel: string;
  safetySettings?: readonly SafetySetting[];
  promptCacheTtlSeconds: number;
}

// A client is built per request, but the deprecation is a fact of the settings: say it once per isolate per id, so
// the log is not one warning per prompt (the dashboard and `npm run test:ai-gateway` keep saying it every time).
const deprecationsLogged = new Set<string>();

function logDeprecationOnce(ctx: CallContext, model: string): void {
  const notice = geminiDeprecationNotice(model);
  if (!notice || deprecationsLogged.has(notice)) return;
  deprecationsLogged.add(notice);
  ctx.logger.warn(notice, { provider: "gemini", model });
}

export function createGeminiCalls(ctx: CallContext, settings: GeminiSettings) {
  const safetySettings = settings.safetySettings ?? DEFAULT_SAFETY_SETTINGS;
  logDeprecationOnce(ctx, settings.geminiModel);
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
      if (isShutDownGeminiModel(model)) {
        throw new AiGatewayError({ kind: "retired_model", provider: "gemini", message: retiredModelMessage(model, "Google has shut it down") });
      }
      const strict = isStrictGeminiFamily(model);
      // Gemini 3.6+ answers 400 to a conversation whose last turn is the model's: refuse it here, before any request.
      if (strict && parsed.data.messages.findLast((message) => message.role !== "system")?.role === "assistant") {
        throw new AiGatewayError({
          kind: "invalid_input",
          provider: "gemini",
          message: `${model} does not continue an assistant turn: end the conversation with a user message.`,
        });
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
        body: toGeminiRequest(parsed.data, safetySettings, { sampling: !strict }),
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
