import { describe, expect, it } from "vitest";
import { AiGatewayError, type GeminiMessage } from "../../lib/ai-gateway";
import { GATEWAY_TOKEN, GATEWAY_URL, GEMINI_KEY, hang, json, rejectionOf, setup } from "./ai-gateway-harness";

const GENERATE_URL = `${GATEWAY_URL}/google-ai-studio/v1beta/models/gemini-3.8-flash:generateContent`;

function answer(text: string, extra: Record<string, unknown> = {}) {
  return {
    candidates: [
      {
        content: { role: "model", parts: [{ text }] },
        finishReason: "STOP",
        index: 0,
        safetyRatings: [{ category: "HARM_CATEGORY_HARASSMENT", probability: "NEGLIGIBLE" }],
      },
    ],
    usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 7, totalTokenCount: 12 },
    modelVersion: "gemini-3.8-flash",
    responseId: "resp-1",
    ...extra,
  };
}

const messages: GeminiMessage[] = [
  { role: "system", content: "You write image prompts." },
  { role: "user", content: "A fox." },
  { role: "assistant", content: "A red fox in snow." },
  { role: "system", content: "Answer in English." },
  { role: "user", content: "More light." },
  { role: "user", content: "And mountains." },
];

function expectGatewayError(error: unknown): AiGatewayError {
  expect(error).toBeInstanceOf(AiGatewayError);
  return error as AiGatewayError;
}

describe("generateTextViaGemini: the request", () => {
  it("maps chat messages to Gemini's shape: systemInstruction, model role, merged turns, generationConfig", async () => {
    // 3.5 Flash-Lite still honours temperature (the 3.6+ family ignores it, so the client leaves it out there).
    const { gateway, http } = setup([json(200, answer("A red fox on a bright mountain ridge."))], { geminiModel: "gemini-3.5-flash-lite" });
    await gateway.generateTextViaGemini({ messages, temperature: 0.7, max_tokens: 500 });

    const [request] = http.requests;
    expect(request?.url).toBe(GENERATE_URL.replace("gemini-3.8-flash", "gemini-3.5-flash-lite"));
    expect(request?.method).toBe("POST");
    expect(request?.body).toEqual({
      systemInstruction: { parts: [{ text: "You write image prompts.\n\nAnswer in English." }] },
      contents: [
        { role: "user", parts: [{ text: "A fox." }] },
        { role: "model", parts: [{ text: "A red fox in snow." }] },
        { role: "user", parts: [{ text: "More light." }, { text: "And mountains." }] },
      ],
      generationConfig: { temperature: 0.7, maxOutputTokens: 500 },
      safetySettings: [
        { category: "HARM_CATEGORY_HARASSMENT", threshold: "BLOCK_MEDIUM_AND_ABOVE" },
        { category: "HARM_CATEGORY_HATE_SPEECH", threshold: "BLOCK_MEDIUM_AND_ABOVE" },
        { category: "HARM_CATEGORY_SEXUALLY_EXPLICIT", threshold: "BLOCK_MEDIUM_AND_ABOVE" },
        { category: "HARM_CATEGORY_DANGEROUS_CONTENT", threshold: "BLOCK_MEDIUM_AND_ABOVE" },
      ],
    });
  });

  it("sends the Google key and gateway headers, never a Replicate Authorization", async () => {
    const { gateway, http } = setup([json(200, answer("ok"))]);
    await gateway.generateTextViaGemini({
      messages: [{ role: "user", content: "hi" }],
      metadata: { user_id: "user123", locale: "de", task_id: "task_5" },
    });
    const headers = http.requests[0]?.headers;
    expect(headers?.get("x-goog-api-key")).toBe(GEMINI_KEY);
    expect(headers?.get("cf-aig-authorization")).toBe(`Bearer ${GATEWAY_TOKEN}`);
    expect(headers?.has("authorization")).toBe(false);
    expect(JSON.parse(headers?.get("cf-aig-metadata") ?? "null")).toEqual({
      task_id: "task_5",
      user_id: "user123",
      model: "gemini-3.8-flash",
      locale: "de",
    });
  });

  it("omits generationConfig when no knobs are set and passes configured safety settings through", async () => {
    const custom = [{ category: "HARM_CATEGORY_CIVIC_INTEGRITY", threshold: "BLOCK_ONLY_HIGH" }];
    const { gateway, http } = setup([json(200, answer("ok"))], { geminiSafetySettings: custom });
    await gateway.generateTextViaGemini({ messages: [{ role: "user", content: "hi" }] });
    const body = http.requests[0]?.body as Record<string, unknown>;
    expect(body).not.toHaveProperty("generationConfig");
    expect(body).not.toHaveProperty("systemInstruction");
    expect(body.safetySettings).toEqual(custom);
  });

  it("asks the gateway to cache only when cache is true, with the configured TTL", async () => {
    const { gateway, http } = setup([json(200, answer("ok")), json(200, answer("ok"))], { promptCacheTtlSeconds: 900 });
    await gateway.generateTextViaGemini({ messages: [{ role: "user", content: "hi" }], cache: true });
    await gateway.generateTextViaGemini({ messages: [{ role: "user", content: "hi" }] });
    expect(http.requests[0]?.headers.get("cf-aig-cache-ttl")).toBe("900");
    expect(http.requests[0]?.headers.has("cf-aig-skip-cache")).toBe(false);
    expect(http.requests[1]?.headers.has("cf-aig-cache-ttl")).toBe(false);
    expect(http.requests[1]?.headers.get("cf-aig-skip-cache")).toBe("true");
    expect(http.requests.map((request) => request.headers.get("cf-aig-max-attempts"))).toEqual(["1", "1"]);
  });

  it("uses the per-call model over GEMINI_MODEL and accepts a models/ prefix", async () => {
    const { gateway, http } = setup([json(200, answer("ok", { modelVersion: "gemini-3.1-flash-lite" }))]);
    const result = await gateway.generateTextViaGemini({ messages: [{ role: "user", content: "hi" }], model: "models/gemini-3.1-flash-lite" });
    expect(http.requests[0]?.url).toBe(`${GATEWAY_URL}/google-ai-studio/v1beta/models/gemini-3.1-flash-lite:generateContent`);
    expect(result.model).toBe("gemini-3.1-flash-lite");
  });

  it.each([
    ["no messages", { messages: [] }],
    ["only system messages", { messages: [{ role: "system" as const, content: "be nice" }] }],
    ["an empty message", { messages: [{ role: "user" as const, content: "  " }] }],
    ["temperature above 2", { messages: [{ role: "user" as const, content: "hi" }], temperature: 2.5 }],
    ["a negative temperature", { messages: [{ role: "user" as const, content: "hi" }], temperature: -0.1 }],
    ["max_tokens of 0", { messages: [{ role: "user" as const, content: "hi" }], max_tokens: 0 }],
    ["a model id with a slash", { messages: [{ role: "user" as const, content: "hi" }], model: "../admin" }],
  ])("rejects %s as invalid_input without a request", async (_name, params) => {
    const { gateway, http, records } = setup([]);
    const error = expectGatewayError(await rejectionOf(gateway.generateTextViaGemini(params)));
    expect(error).toMatchObject({ kind: "invalid_input", provider: "gemini", retryable: false });
    expect(http.requests).toHaveLength(0);
    expect(records).toHaveLength(0);
  });
});

describe("generateTextViaGemini: the answer", () => {
  it("returns text, finish reason, usage, gateway log id and cache status", async () => {
    const { gateway, records } = setup([json(200, answer("A red fox."), { "cf-aig-cache-status": "HIT", "cf-aig-log-id": "01JGEMINILOG" })]);
    const result = await gateway.generateTextViaGemini({ messages: [{ role: "user", content: "fox" }], cache: true });
    expect(result).toEqual({
      text: "A red fox.",
      model: "gemini-3.8-flash",
      cached: true,
      finishReason: "STOP",
      usage: { promptTokens: 5, outputTokens: 7, totalTokens: 12 },
      logId: "01JGEMINILOG",
    });
    expect(records[0]).toMatchObject({ provider: "gemini", operation: "text.generate", cacheStatus: "HIT", ok: true });
  });

  it("joins text parts and leaves out thought summaries", async () => {
    const body = answer("");
    body.candidates[0]!.content.parts = [{ text: "thinking…", thought: true } as never, { text: "A " }, { text: "fox." }];
    const { gateway } = setup([json(200, body)]);
    const result = await gateway.generateTextViaGemini({ messages: [{ role: "user", content: "fox" }] });
    expect(result.text).toBe("A fox.");
    expect(result.cached).toBe(false);
  });

  it("a blocked prompt (promptFeedback.blockReason) is a non-retryable safety error asking to rephrase", async () => {
    const { gateway, http, records } = setup([
      json(200, { promptFeedback: { blockReason: "SAFETY", safetyRatings: [] }, usageMetadata: { promptTokenCount: 4 } }),
    ]);
    const error = expectGatewayError(await rejectionOf(gateway.generateTextViaGemini({ messages: [{ role: "user", content: "x" }] })));
    expect(error).toMatchObject({ kind: "safety", retryable: false, provider: "gemini", status: 200 });
    expect(error.message).toMatch(/Rephrase/);
    expect(error.details).toMatchObject({ blockReason: "SAFETY" });
    expect(http.requests).toHaveLength(1);
    expect(records[0]).toMatchObject({ ok: false, errorKind: "safety", attempts: 1 });
  });

  it.each(["SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "IMAGE_SAFETY"])("finishReason %s is a safety error", async (finishReason) => {
    const body = answer("");
    body.candidates[0]!.finishReason = finishReason;
    const { gateway, http } = setup([json(200, body)]);
    const error = expectGatewayError(await rejectionOf(gateway.generateTextViaGemini({ messages: [{ role: "user", content: "x" }] })));
    expect(error.kind).toBe("safety");
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(finishReason);
    expect(http.requests).toHaveLength(1);
  });

  it("MAX_TOKENS is not an error: the partial text comes back with its finish reason", async () => {
    const body = answer("A red fox in");
    body.candidates[0]!.finishReason = "MAX_TOKENS";
    const { gateway } = setup([json(200, body)]);
    const result = await gateway.generateTextViaGemini({ messages: [{ role: "user", content: "fox" }] });
    expect(result).toMatchObject({ text: "A red fox in", finishReason: "MAX_TOKENS" });
  });
});

describe("generateTextViaGemini: the Gemini 3.6+ family", () => {
  const endsWithAssistant: GeminiMessage[] = [
    { role: "user", content: "A fox." },
    { role: "assistant", content: "A red fox in" },
    { role: "system", content: "Answer in English." },
  ];

  it.each(["gemini-3.8-flash", "gemini-3.6-flash", "gemini-3.5-flash"])(
    "%s: refuses a conversation ending in an assistant turn as invalid_input before any request",
    async (geminiModel) => {
      const { gateway, http } = setup([json(200, answer("never sent"))], { geminiModel });
      const error = expectGatewayError(await rejectionOf(gateway.generateTextViaGemini({ messages: endsWithAssistant })));
      expect(error).toMatchObject({ kind: "invalid_input", provider: "gemini", retryable: false });
      expect(error.message).toMatch(/end the conversation with a user message/);
      expect(http.requests).toHaveLength(0);
    },
  );

  it("still sends a trailing assistant turn to a model before 3.6, which continues it", async () => {
    const { gateway, http } = setup([json(200, answer(" snow."))], { geminiModel: "gemini-3.5-flash-lite" });
    await gateway.generateTextViaGemini({ messages: endsWithAssistant });
    const body = http.requests[0]?.body as { contents: { role: string }[] } | undefined;
    expect(body?.contents.at(-1)?.role).toBe("model");
  });

  it("leaves out the sampling parameters it would ignore and never sends penalties", async () => {
    const { gateway, http } = setup([json(200, answer("ok"))]);
    await gateway.generateTextViaGemini({ messages: [{ role: "user", content: "hi" }], temperature: 1.4, max_tokens: 64 });
    const body = http.requests[0]?.body as { generationConfig: Record<string, unknown> };
    expect(body.generationConfig).toEqual({ maxOutputTokens: 64 });
  });
});

describe("generateTextViaGemini: errors and retries", () => {
  it("refuses a retired GEMINI_MODEL before sending anything, naming the setting and a current model", async () => {
    const { gateway, http } = setup([], { geminiModel: "gemini-1.5-flash" });
    const error = expectGatewayError(await rejectionOf(gateway.generateTextViaGemini({ messages: [{ role: "user", content: "hi" }] })));
    expect(error.kind).toBe("retired_model");
    expect(error.message).toMatch(/GEMINI_MODEL/);
    expect(error.message).toMatch(/gemini-3\.8-flash/);
    expect(http.requests).toHaveLength(0);
  });

  it("a 404 for the model is retired_model naming GEMINI_MODEL, not retried", async () => {
    const { gateway, http } = setup(
      [
        json(404, {
          error: {
            code: 404,
            message: "models/gemini-3.6-flash is not found for API version v1beta, or is not supported for generateContent.",
            status: "NOT_FOUND",
          },
        }),
      ],
      // A GA id in the table: Google retiring it before the table knows still ends as retired_model.
      { geminiModel: "gemini-3.6-flash" },
    );
    const error = expectGatewayError(await rejectionOf(gateway.generateTextViaGemini({ messages: [{ role: "user", content: "hi" }] })));
    expect(error).toMatchObject({ kind: "retired_model", status: 404, retryable: false });
    expect(error.message).toMatch(/"gemini-3\.6-flash".*GEMINI_MODEL.*gemini-3\.8-flash/);
    expect(http.requests).toHaveLength(1);
  });

  it("waits for google.rpc.RetryInfo.retryDelay on a 429", async () => {
    const { gateway, clock, http } = setup([
      json(429, {
        error: {
          code: 429,
          message: "You exceeded your current quota.",
          status: "RESOURCE_EXHAUSTED",
          details: [
            { "@type": "type.googleapis.com/google.rpc.QuotaFailure", violations: [{ quotaId: "GenerateRequestsPerMinute" }] },
            { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "41.5s" },
          ],
        },
      }),
      json(200, answer("ok")),
    ]);
    const result = await gateway.generateTextViaGemini({ messages: [{ role: "user", content: "hi" }] });
    expect(result.text).toBe("ok");
    expect(clock.sleeps).toEqual([41_500]);
    expect(http.requests).toHaveLength(2);
  });

  it("retries 500/503/504 with backoff and succeeds", async () => {
    const { gateway, clock, records } = setup([json(500, {}), json(503, {}), json(504, {}), json(200, answer("ok"))]);
    await gateway.generateTextViaGemini({ messages: [{ role: "user", content: "hi" }] });
    expect(clock.sleeps).toEqual([250, 500, 1000]);
    expect(records[0]).toMatchObject({ ok: true, attempts: 4 });
  });

  it("times out each attempt, retries, and reports timeout after the last one", async () => {
    const { gateway, http } = setup([hang, hang, hang, hang], { timeoutMs: { gemini: 20 } });
    const error = expectGatewayError(await rejectionOf(gateway.generateTextViaGemini({ messages: [{ role: "user", content: "hi" }] })));
    expect(error).toMatchObject({ kind: "timeout", retryable: true, attempts: 4, outcomeUnknown: false });
    expect(http.requests.every((request) => request.signal?.aborted === true)).toBe(true);
  });

  it("400 INVALID_ARGUMENT → invalid_input with Google's message", async () => {
    const { gateway, http } = setup([json(400, { error: { code: 400, message: "Invalid value at 'contents[0]'", status: "INVALID_ARGUMENT" } })]);
    const error = expectGatewayError(await rejectionOf(gateway.generateTextViaGemini({ messages: [{ role: "user", content: "hi" }] })));
    expect(error).toMatchObject({ kind: "invalid_input", status: 400 });
    expect(error.message).toContain("Invalid value at 'contents[0]'");
    expect(http.requests).toHaveLength(1);
  });

  it.each([
    [400, { error: { code: 400, message: "API key not valid.", status: "INVALID_ARGUMENT", details: [{ reason: "API_KEY_INVALID" }] } }],
    [403, { error: { code: 403, message: "Permission denied.", status: "PERMISSION_DENIED" } }],
  ])("%i with a bad key → auth naming GEMINI_API_KEY", async (status, body) => {
    const { gateway } = setup([json(status, body)]);
    const error = expectGatewayError(await rejectionOf(gateway.generateTextViaGemini({ messages: [{ role: "user", content: "hi" }] })));
    expect(error.kind).toBe("auth");
    expect(error.message).toMatch(/GEMINI_API_KEY/);
  });
});
