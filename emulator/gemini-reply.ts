import { createHash } from "node:crypto";

interface GeminiPart {
  text?: string;
}
interface GeminiContent {
  role?: string;
  parts: GeminiPart[];
}
export interface GeminiRequest {
  systemInstruction?: { parts: GeminiPart[] };
  contents: GeminiContent[];
  generationConfig?: {
    maxOutputTokens?: number;
    candidateCount?: number;
    stopSequences?: string[];
    responseMimeType?: string;
  };
}

type Rating = { category: string; probability: string; blocked?: boolean };
interface Candidate {
  content?: { role: "model"; parts: { text: string }[] };
  finishReason?: string;
  index: number;
  safetyRatings?: Rating[];
}
export interface GenerateContentResponse {
  candidates?: Candidate[];
  promptFeedback?: { blockReason: string; safetyRatings: Rating[] };
  usageMetadata: { promptTokenCount: number; candidatesTokenCount?: number; totalTokenCount: number };
  modelVersion: string;
  responseId: string;
}

const CATEGORIES = ["HARM_CATEGORY_HATE_SPEECH", "HARM_CATEGORY_DANGEROUS_CONTENT", "HARM_CATEGORY_HARASSMENT", "HARM_CATEGORY_SEXUALLY_EXPLICIT"];
const DESCRIPTORS = [
  "cinematic lighting",
  "highly detailed",
  "soft volumetric light",
  "golden hour glow",
  "shallow depth of field",
  "rich colour palette",
  "sharp focus",
  "35mm film photograph",
  "dramatic composition",
  "subtle film grain",
  "atmospheric haze",
  "crisp textures",
  "vivid yet natural colours",
  "wide-angle perspective",
  "studio quality",
  "gentle rim light",
];

/** A rough token count (about four characters a token), enough for usage figures and limits. */
function countTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function allText(request: GeminiRequest): string {
  const parts = [...(request.systemInstruction?.parts ?? []), ...request.contents.flatMap((c) => c.parts)];
  return parts.map((p) => p.text ?? "").join("\n");
}

function lastUserText(request: GeminiRequest): string {
  const user = request.contents.filter((c) => (c.role ?? "user") === "user").at(-1);
  return (user?.parts ?? [])
    .map((p) => p.text ?? "")
    .join(" ")
    .trim();
}

/** A deterministic "improved" prompt: the user's words plus descriptors picked by hashing them. */
function improvePrompt(text: string, variant = 0): string {
  const base = text
    .replace(/\[unsafe(-output)?\]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[.,;:!\s]+$/, "");
  const hash = createHash("sha256").update(`${variant}:${base}`).digest();
  const picked = new Set<string>();
  for (let i = 0; picked.size < 4; i++) picked.add(DESCRIPTORS[(hash[i] ?? i) % DESCRIPTORS.length] ?? "detailed");
  return `${base || "An image"}, ${[...picked].join(", ")}`;
}

function limitText(text: string, request: GeminiRequest): { text: string; finishReason: "STOP" | "MAX_TOKENS" } {
  let out = text;
  for (const stop of request.generationConfig?.stopSequences ?? []) {
    const at = out.indexOf(stop);
    if (stop !== "" && at >= 0) out = out.slice(0, at);
  }
  const max = request.generationConfig?.maxOutputTokens;
  if (max === undefined || countTokens(out) <= max) return { text: out, finishReason: "STOP" };
  return { text: out.slice(0, max * 4).replace(/\s+\S*$/, ""), finishReason: "MAX_TOKENS" };
}

function ratings(blockedCategory?: string): Rating[] {
  return CATEGORIES.map((category) =>
    category === blockedCategory ? { category, probability: "HIGH", blocked: true } : { category, probability: "NEGLIGIBLE" },
  );
}

/** Builds the full answer; `[unsafe]` blocks the prompt, `[unsafe-output]` blocks the candidate. */
export function buildReply(request: GeminiRequest, modelVersion: string, responseId: string): GenerateContentResponse {
  const userText = lastUserText(request);
  const promptTokenCount = countTokens(allText(request));
  if (userText.includes("[unsafe]")) {
    return {
      promptFeedback: { blockReason: "SAFETY", safetyRatings: ratings("HARM_CATEGORY_DANGEROUS_CONTENT") },
      usageMetadata: { promptTokenCount, totalTokenCount: promptTokenCount },
      modelVersion,
      responseId,
    };
  }
  if (userText.includes("[unsafe-output]")) {
    return {
      candidates: [{ finishReason: "SAFETY", index: 0, safetyRatings: ratings("HARM_CATEGORY_SEXUALLY_EXPLICIT") }],
      usageMetadata: { promptTokenCount, totalTokenCount: promptTokenCount },
      modelVersion,
      responseId,
    };
  }
  const wantsJson = request.generationConfig?.responseMimeType === "application/json";
  const count = request.generationConfig?.candidateCount ?? 1;
  const candidates: Candidate[] = Array.from({ length: count }, (_, index) => {
    const improved = improvePrompt(userText, index);
    const limited = limitText(wantsJson ? JSON.stringify({ prompt: improved }) : improved, request);
    return {
      content: { role: "model", parts: [{ text: limited.text }] },
      finishReason: limited.finishReason,
      index,
      safetyRatings: ratings(),
    };
  });
  const candidatesTokenCount = candidates.reduce((n, c) => n + countTokens(c.content?.parts[0]?.text ?? ""), 0);
  return {
    candidates,
    usageMetadata: { promptTokenCount, candidatesTokenCount, totalTokenCount: promptTokenCount + candidatesTokenCount },
    modelVersion,
    responseId,
  };
}

function splitWords(text: string, pieces: number): string[] {
  const words = text.split(/(?<=\s)/);
  const size = Math.ceil(words.length / pieces);
  return Array.from({ length: pieces }, (_, i) => words.slice(i * size, (i + 1) * size).join(""));
}

/** Splits an answer into streaming chunks; only the last carries finishReason, ratings and the output count. */
export function streamChunks(reply: GenerateContentResponse, maxChunks = 4): GenerateContentResponse[] {
  const candidates = reply.candidates;
  const text = candidates?.[0]?.content?.parts[0]?.text;
  if (!candidates || text === undefined) return [reply];
  const pieces = Math.max(1, Math.min(maxChunks, text.split(/\s+/).length));
  const split = candidates.map((c) => splitWords(c.content?.parts[0]?.text ?? "", pieces));
  const { promptTokenCount } = reply.usageMetadata;
  return Array.from({ length: pieces }, (_, k) => {
    const last = k === pieces - 1;
    return {
      candidates: candidates.map((c, i) => ({
        content: { role: "model" as const, parts: [{ text: split[i]?.[k] ?? "" }] },
        index: c.index,
        ...(last ? { finishReason: c.finishReason, safetyRatings: c.safetyRatings } : {}),
      })),
      usageMetadata: last ? reply.usageMetadata : { promptTokenCount, totalTokenCount: promptTokenCount },
      modelVersion: reply.modelVersion,
      responseId: reply.responseId,
    };
  });
}
