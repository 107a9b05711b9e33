import { z } from "zod";
import { isStrictGeminiFamily, servedGeminiModel } from "./gemini-models";
import type { FaultState } from "./faults";
import { badRequest, googleError } from "./gemini-errors";
import { buildReply, streamChunks, type GeminiRequest } from "./gemini-reply";
import { headerValue, jsonResponse, type EmulatorResponse, type RouteRequest } from "./http";
import { newResponseId } from "./ids";

export interface GeminiContext {
  faults: FaultState;
  /** When set, the only accepted key; otherwise any non-empty key passes. */
  apiKey?: string;
}

const HARM_CATEGORIES = [
  "HARM_CATEGORY_UNSPECIFIED",
  "HARM_CATEGORY_HARASSMENT",
  "HARM_CATEGORY_HATE_SPEECH",
  "HARM_CATEGORY_SEXUALLY_EXPLICIT",
  "HARM_CATEGORY_DANGEROUS_CONTENT",
  "HARM_CATEGORY_CIVIC_INTEGRITY",
  "HARM_CATEGORY_DEROGATORY",
  "HARM_CATEGORY_TOXICITY",
  "HARM_CATEGORY_VIOLENCE",
  "HARM_CATEGORY_SEXUAL",
  "HARM_CATEGORY_MEDICAL",
  "HARM_CATEGORY_DANGEROUS",
];
const THRESHOLDS = ["HARM_BLOCK_THRESHOLD_UNSPECIFIED", "BLOCK_LOW_AND_ABOVE", "BLOCK_MEDIUM_AND_ABOVE", "BLOCK_ONLY_HIGH", "BLOCK_NONE", "OFF"];

const partSchema = z.looseObject({ text: z.string().optional() });
const requestSchema = z.looseObject({
  contents: z.array(z.looseObject({ role: z.string().optional(), parts: z.array(partSchema) })).optional(),
  systemInstruction: z.looseObject({ parts: z.array(partSchema) }).optional(),
  generationConfig: z
    .looseObject({
      temperature: z.number().optional(),
      topP: z.number().optional(),
      topK: z.number().optional(),
      frequencyPenalty: z.number().optional(),
      presencePenalty: z.number().optional(),
      maxOutputTokens: z.number().int().optional(),
      candidateCount: z.number().int().optional(),
      stopSequences: z.array(z.string()).optional(),
      responseMimeType: z.string().optional(),
    })
    .optional(),
  safetySettings: z.array(z.looseObject({ category: z.string(), threshold: z.string() })).optional(),
});
type ParsedRequest = z.infer<typeof requestSchema>;

/** Semantic checks with the messages Google answers; undefined when the request is fine. */
function findInvalidArgument(body: ParsedRequest): EmulatorResponse | undefined {
  const contents = body.contents ?? [];
  if (contents.length === 0) return badRequest("* GenerateContentRequest.contents: contents is not specified\n", "contents");
  for (const [i, content] of contents.entries()) {
    if (content.role !== undefined && content.role !== "user" && content.role !== "model") {
      return badRequest("Please use a valid role: user, model.", `contents[${i}].role`);
    }
    if (content.parts.length === 0) {
      return badRequest(`* GenerateContentRequest.contents[${i}].parts: contents.parts must not be empty.\n`, `contents[${i}].parts`);
    }
  }
  const config = body.generationConfig ?? {};
  if (config.temperature !== undefined && (config.temperature < 0 || config.temperature > 2)) {
    return badRequest(
      "* GenerateContentRequest.generation_config.temperature: temperature must be in the range [0.0, 2.0]\n",
      "generation_config.temperature",
    );
  }
  if (config.topP !== undefined && (config.topP < 0 || config.topP > 1)) {
    return badRequest("* GenerateContentRequest.generation_config.top_p: top_p must be in the range [0.0, 1.0]\n", "generation_config.top_p");
  }
  if (config.maxOutputTokens !== undefined && config.maxOutputTokens < 1) {
    return badRequest(
      "* GenerateContentRequest.generation_config.max_output_tokens: max_output_tokens must be positive.\n",
      "generation_config.max_output_tokens",
    );
  }
  if (config.candidateCount !== undefined && (config.candidateCount < 1 || config.candidateCount > 8)) {
    return badRequest(
      "* GenerateContentRequest.generation_config.candidate_count: must be in the range [1, 8]\n",
      "generation_config.candidate_count",
    );
  }
  if ((config.stopSequences?.length ?? 0) > 5) {
    return badRequest(
      "* GenerateContentRequest.generation_config.stop_sequences: at most 5 stop sequences are allowed\n",
      "generation_config.stop_sequences",
    );
  }
  for (const [i, setting] of (body.safetySettings ?? []).entries()) {
    if (!HARM_CATEGORIES.includes(setting.category)) {
      return badRequest(
        `Invalid value at 'safety_settings[${i}].category' (type.googleapis.com/google.ai.generativelanguage.v1beta.HarmCategory), "${setting.category}"`,
        `safety_settings[${i}].category`,
      );
    }
    if (!THRESHOLDS.includes(setting.threshold)) {
      return badRequest(
        `Invalid value at 'safety_settings[${i}].threshold' (type.googleapis.com/google.ai.generativelanguage.v1beta.SafetySetting.HarmBlockThreshold), "${setting.threshold}"`,
        `safety_settings[${i}].threshold`,
      );
    }
  }
  return undefined;
}

function checkApiKey(req: RouteRequest, ctx: GeminiContext): EmulatorResponse | undefined {
  const key = headerValue(req.headers, "x-goog-api-key") ?? req.url.searchParams.get("key") ?? "";
  if (key === "") {
    return googleError(
      403,
      "PERMISSION_DENIED",
      "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
    );
  }
  if (ctx.apiKey !== undefined && key !== ctx.apiKey) {
    return googleError(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", [
      {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        reason: "API_KEY_INVALID",
        domain: "googleapis.com",
        metadata: { service: "generativelanguage.googleapis.com" },
      },
    ]);
  }
  return undefined;
}

/**
 * Gemini 3.6+ (and deprecated ids routed to it) refuses penalties and a conversation ending with a `model` turn;
 * temperature/top_p/top_k are accepted and ignored (the reply never depended on them).
 */
function findStrictFamilyRefusal(body: ParsedRequest, model: string): EmulatorResponse | undefined {
  const config = body.generationConfig ?? {};
  for (const [field, wire] of [
    ["frequencyPenalty", "frequency_penalty"],
    ["presencePenalty", "presence_penalty"],
  ] as const) {
    if (config[field] !== undefined) {
      return badRequest(`* GenerateContentRequest.generation_config.${wire}: ${wire} is not supported by ${model}.\n`, `generation_config.${wire}`);
    }
  }
  const contents = body.contents ?? [];
  if (contents.at(-1)?.role === "model") {
    return badRequest(
      `* GenerateContentRequest.contents: ${model} does not support a conversation that ends with a model turn; the last content must have role user.\n`,
      `contents[${contents.length - 1}].role`,
    );
  }
  return undefined;
}

/** Routes `…/google-ai-studio/<rest>`: `v1beta|v1/models/{model}:generateContent|streamGenerateContent`. */
export function handleGemini(ctx: GeminiContext, req: RouteRequest, rest: string): EmulatorResponse {
  const match = /^(v1beta|v1|v1alpha)\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(rest);
  const [, apiVersion, model, method] = match ?? [];
  if (!apiVersion || !model || !method || req.method !== "POST") {
    return googleError(404, "NOT_FOUND", `Method not found: ${req.method} /${rest}`);
  }
  const keyProblem = checkApiKey(req, ctx);
  if (keyProblem) return keyProblem;
  if (ctx.faults.isRetiredGeminiModel(model)) {
    return googleError(
      404,
      "NOT_FOUND",
      `models/${model} is not found for API version ${apiVersion}, or is not supported for ${method}. Call ListModels to see the list of available models and their supported methods.`,
    );
  }
  if (req.json === undefined) return badRequest("Invalid JSON payload received. Unexpected token.");
  const parsed = requestSchema.safeParse(req.json);
  if (!parsed.success) {
    const path = parsed.error.issues[0]?.path.join(".") ?? "";
    return badRequest(`Invalid JSON payload received. Invalid value at '${path}'.`, path || undefined);
  }
  const invalid = findInvalidArgument(parsed.data) ?? (isStrictGeminiFamily(model) ? findStrictFamilyRefusal(parsed.data, model) : undefined);
  if (invalid) return invalid;
  // A routed deprecated id is answered by its successor, as Google's silent routing does: modelVersion says which.
  const reply = buildReply(parsed.data as GeminiRequest, servedGeminiModel(model), newResponseId());
  if (method === "generateContent") return jsonResponse(200, reply);
  const chunks = streamChunks(reply);
  if (req.url.searchParams.get("alt") !== "sse") return jsonResponse(200, chunks);
  return {
    status: 200,
    headers: { "content-type": "text/event-stream", "cache-control": "no-cache" },
    chunks: chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\r\n\r\n`),
  };
}
