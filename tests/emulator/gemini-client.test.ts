import { ApiError, GoogleGenAI } from "@google/genai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/server";
import { geminiBase, json, postJson, startTestEmulator } from "./support";

let emulator: Emulator;
let ai: GoogleGenAI;
const MODEL = "gemini-3.8-flash";

beforeAll(async () => {
  emulator = await startTestEmulator({ geminiApiKey: "test-gemini-key" });
  ai = new GoogleGenAI({ apiKey: "test-gemini-key", httpOptions: { baseUrl: geminiBase(emulator) } });
});
afterAll(() => emulator.close());

function generateUrl(model = MODEL, method = "generateContent", version = "v1beta") {
  return `${geminiBase(emulator)}/${version}/models/${model}:${method}`;
}

describe("the official @google/genai client against the emulator", () => {
  it("generates text derived from the prompt, with usage and safety metadata", async () => {
    const response = await ai.models.generateContent({
      model: MODEL,
      contents: "a fox in the snow",
      config: { systemInstruction: "Improve image prompts.", temperature: 0.7 },
    });
    expect(response.text).toMatch(/^a fox in the snow, /);
    const again = await ai.models.generateContent({ model: MODEL, contents: "a fox in the snow" });
    expect(again.text).toBe(response.text);
    expect(response.candidates?.[0]?.finishReason).toBe("STOP");
    expect(response.candidates?.[0]?.safetyRatings?.length).toBeGreaterThan(0);
    expect(response.modelVersion).toBe(MODEL);
    expect(response.responseId).toBeTruthy();
    const usage = response.usageMetadata!;
    expect(usage.promptTokenCount).toBeGreaterThan(0);
    expect(usage.totalTokenCount).toBe(usage.promptTokenCount! + usage.candidatesTokenCount!);
    const [sent] = await json(await fetch(`${emulator.url}/__emulator/requests`));
    expect(sent.path).toBe(`/v1/acct/gw/google-ai-studio/v1beta/models/${MODEL}:generateContent`);
    expect(sent.headers["x-goog-api-key"]).toBe("[redacted]");
    expect(sent.body).toMatchObject({
      systemInstruction: { parts: [{ text: "Improve image prompts." }] },
      contents: [{ role: "user", parts: [{ text: "a fox in the snow" }] }],
      generationConfig: { temperature: 0.7 },
    });
  });

  it("streams the same text in several SSE chunks", async () => {
    const whole = await ai.models.generateContent({ model: MODEL, contents: "an old map of the sea" });
    const chunks: string[] = [];
    for await (const chunk of await ai.models.generateContentStream({ model: MODEL, contents: "an old map of the sea" })) {
      chunks.push(chunk.text ?? "");
    }
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join("")).toBe(whole.text);
  });

  it("answers a retired gemini-1.5 model with Google's 404", async () => {
    const error = await ai.models.generateContent({ model: "gemini-1.5-flash", contents: "hi" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(404);
    expect((error as ApiError).message).toContain("models/gemini-1.5-flash is not found for API version v1beta");
  });

  it("answers a shut-down gemini-1.0 model with the same 404", async () => {
    const error = await ai.models.generateContent({ model: "gemini-1.0-pro", contents: "hi" }).catch((e: unknown) => e);
    expect((error as ApiError).status).toBe(404);
  });

  it.each(["gemini-2.0-flash", "gemini-2.0-flash-lite-001"])("answers %s, shut down on 2026-06-01, with the same 404", async (model) => {
    const error = await ai.models.generateContent({ model, contents: "hi" }).catch((e: unknown) => e);
    expect((error as ApiError).status).toBe(404);
  });

  it.each(["gemini-3.8-flash", "gemini-3.6-flash", "gemini-3.5-flash"])(
    "%s (3.6+ rules) refuses a conversation that ends with a model turn with a 400",
    async (model) => {
      const contents = [
        { role: "user", parts: [{ text: "a fox" }] },
        { role: "model", parts: [{ text: "a red fox in" }] },
      ];
      const error = await ai.models.generateContent({ model, contents }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(400);
      expect((error as ApiError).message).toMatch(/ends with a model turn/);
    },
  );

  it("answers a deprecated id from its successor, as Google's routing does", async () => {
    const routed = await ai.models.generateContent({ model: "gemini-3.5-flash", contents: "a fox" });
    expect(routed.modelVersion).toBe("gemini-3.6-flash");
    const ga = await ai.models.generateContent({ model: "gemini-3.6-flash", contents: "a fox" });
    expect(ga.modelVersion).toBe("gemini-3.6-flash");
  });

  it("answers a deprecated id Google does not route yet as itself", async () => {
    const response = await ai.models.generateContent({ model: "gemini-2.5-flash", contents: "a fox" });
    expect(response.modelVersion).toBe("gemini-2.5-flash");
  });

  it("lets a model before 3.6 continue a trailing model turn", async () => {
    const contents = [
      { role: "user", parts: [{ text: "a fox" }] },
      { role: "model", parts: [{ text: "a red fox in" }] },
    ];
    const response = await ai.models.generateContent({ model: "gemini-3.5-flash-lite", contents });
    expect(response.candidates?.[0]?.finishReason).toBe("STOP");
  });

  it.each([{ frequencyPenalty: 0.5 }, { presencePenalty: 0.5 }])("3.6+ refuses penalties (%o) with a 400", async (penalty) => {
    const error = await ai.models.generateContent({ model: MODEL, contents: "a fox", config: penalty }).catch((e: unknown) => e);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).message).toMatch(/penalty is not supported by gemini-3\.8-flash/);
    const older = await ai.models.generateContent({ model: "gemini-3.5-flash-lite", contents: "a fox", config: penalty });
    expect(older.text).toBeTruthy();
  });

  it("3.6+ ignores sampling parameters: the same answer whatever temperature, topP and topK say", async () => {
    const plain = await ai.models.generateContent({ model: MODEL, contents: "a lighthouse at dusk" });
    const sampled = await ai.models.generateContent({
      model: MODEL,
      contents: "a lighthouse at dusk",
      config: { temperature: 2, topP: 0.1, topK: 3 },
    });
    expect(sampled.text).toBe(plain.text);
  });

  it("blocks a prompt marked [unsafe] and a candidate marked [unsafe-output]", async () => {
    const blocked = await ai.models.generateContent({ model: MODEL, contents: "[unsafe] do something" });
    expect(blocked.promptFeedback?.blockReason).toBe("SAFETY");
    expect(blocked.candidates).toBeUndefined();
    const unsafeOutput = await ai.models.generateContent({ model: MODEL, contents: "[unsafe-output] draw" });
    expect(unsafeOutput.candidates?.[0]?.finishReason).toBe("SAFETY");
    expect(unsafeOutput.text).toBeUndefined();
  });

  it("honours maxOutputTokens roughly and reports MAX_TOKENS", async () => {
    const response = await ai.models.generateContent({
      model: MODEL,
      contents: "a very long description of a mountain village at sunrise with many details",
      config: { maxOutputTokens: 5 },
    });
    expect(response.text!.length).toBeLessThanOrEqual(20);
    expect(response.candidates?.[0]?.finishReason).toBe("MAX_TOKENS");
  });

  it("uses the last user turn of a conversation and accepts v1 paths and ?key=", async () => {
    const response = await postJson(`${generateUrl(MODEL, "generateContent", "v1")}?key=test-gemini-key`, {
      contents: [
        { role: "user", parts: [{ text: "first idea" }] },
        { role: "model", parts: [{ text: "ok" }] },
        { role: "user", parts: [{ text: "second idea" }] },
      ],
    });
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.candidates[0].content.parts[0].text).toMatch(/^second idea, /);
  });

  it("answers a non-SSE stream request with a JSON array", async () => {
    const response = await postJson(
      generateUrl(MODEL, "streamGenerateContent"),
      { contents: [{ parts: [{ text: "a kite" }] }] },
      { "x-goog-api-key": "test-gemini-key" },
    );
    const body = await json(response);
    expect(Array.isArray(body)).toBe(true);
    expect(body.at(-1).candidates[0].finishReason).toBe("STOP");
  });

  it.each([
    ["an invalid role", { contents: [{ role: "system", parts: [{ text: "x" }] }] }, "Please use a valid role: user, model."],
    ["a temperature above 2", { contents: [{ parts: [{ text: "x" }] }], generationConfig: { temperature: 2.5 } }, "temperature"],
    ["no contents", { contents: [] }, "contents is not specified"],
    [
      "an unknown safety category",
      { contents: [{ parts: [{ text: "x" }] }], safetySettings: [{ category: "HARM_X", threshold: "BLOCK_NONE" }] },
      "safety_settings[0].category",
    ],
  ])("rejects %s with 400 INVALID_ARGUMENT", async (_name, body, message) => {
    const response = await postJson(generateUrl(), body, { "x-goog-api-key": "test-gemini-key" });
    expect(response.status).toBe(400);
    const { error } = await json(response);
    expect(error).toMatchObject({ code: 400, status: "INVALID_ARGUMENT" });
    expect(error.message).toContain(message);
  });

  it("checks the API key", async () => {
    const wrong = await postJson(generateUrl(), { contents: [{ parts: [{ text: "x" }] }] }, { "x-goog-api-key": "nope" });
    expect(wrong.status).toBe(400);
    expect((await json(wrong)).error.details[0].reason).toBe("API_KEY_INVALID");
    const missing = await postJson(generateUrl(), { contents: [{ parts: [{ text: "x" }] }] });
    expect(missing.status).toBe(403);
    expect((await json(missing)).error.status).toBe("PERMISSION_DENIED");
  });
});
