/**
 * The emulator's own record of Google's Gemini model lifecycle: which ids answer (GA), which are deprecated (Google
 * names a successor and, once `routed`, answers the id with it) and which are shut down (404 `NOT_FOUND`), and which
 * models follow the Gemini 3.6+ request rules. The emulator is an independent witness of the provider, so it keeps
 * this copy instead of reading the app's table (`lib/shared/gemini-models.ts`); tests/emulator/gemini-models.test.ts
 * checks that the two agree on every id both name. Dates are UTC days; each row cites the Google page the fact was
 * read on (checked 2026-11-30). A row says `shut_down` only when a Google page says the shutdown has happened.
 */

const DEPRECATIONS = "https://ai.google.dev/gemini-api/docs/deprecations";
const CHANGELOG = "https://ai.google.dev/gemini-api/docs/changelog";
const WHATS_NEW_3_6 = "https://ai.google.dev/gemini-api/docs/whats-new-gemini-3.6";

type EmulatedGeminiState =
  | { state: "ga" }
  /** `routed`: Google already answers the id with `successor` (the call succeeds; `modelVersion` names the successor). */
  | { state: "deprecated"; successor: string; routed: boolean }
  | { state: "shut_down" };

/** @internal Tests compare it with the app's table. */
export interface EmulatedGeminiModel {
  /** A model id; for `prefix` rows, an id family: the bare prefix and every `<prefix>-…` id (`gemini-1.5-pro-002`). */
  id: string;
  prefix?: true;
  /** Release day, when Google gives one. */
  released?: string;
  /** The shutdown day Google gave (for a deprecated model, the earliest it announced). */
  shutdown?: string;
  lifecycle: EmulatedGeminiState;
  /** The Google page(s) the row was read on. */
  source: string;
}

const GA = { state: "ga" } as const;
const SHUT_DOWN = { state: "shut_down" } as const;

/** @internal Tests compare it with the app's table. */
export const EMULATED_GEMINI_MODELS: readonly EmulatedGeminiModel[] = [
  // Current models.
  { id: "gemini-3.8-flash", released: "2026-09-02", lifecycle: GA, source: DEPRECATIONS },
  { id: "gemini-3.6-flash", released: "2026-07-21", lifecycle: GA, source: `${DEPRECATIONS}; ${WHATS_NEW_3_6}` },
  { id: "gemini-3.5-flash-lite", released: "2026-07-21", lifecycle: GA, source: DEPRECATIONS },
  // Changelog, 2026-10-08: 3.7 Flash deprecated (gone from AI Studio), its API requests routed to gemini-3.8-flash.
  {
    id: "gemini-3.7-flash",
    released: "2026-08-13",
    lifecycle: { state: "deprecated", successor: "gemini-3.8-flash", routed: true },
    source: `${CHANGELOG}; https://ai.google.dev/gemini-api/docs/models/gemini-3.7-flash`,
  },
  // Changelog, 2026-10-08 ("Gemini 3.5 Flash deprecation"): replaced by gemini-3.6-flash, requests routed to it
  // automatically. The deprecations page still lists no shutdown date.
  {
    id: "gemini-3.5-flash",
    released: "2026-05-19",
    lifecycle: { state: "deprecated", successor: "gemini-3.6-flash", routed: true },
    source: `${CHANGELOG}; ${DEPRECATIONS}`,
  },
  // Gemini 2.5: deprecated with earliest shutdowns 2026-06-17 (Flash, Pro) and 2026-07-22 (Flash-Lite); Firebase AI
  // Logic's banner (updated 2026-08-02) moved them to October 2026. No Google page says the shutdown has happened or
  // that the ids are routed, so they still answer as themselves. (Only third parties report a retirement or routing.)
  {
    id: "gemini-2.5-flash",
    released: "2025-06-17",
    shutdown: "2026-06-17",
    lifecycle: { state: "deprecated", successor: "gemini-3.6-flash", routed: false },
    source: `${DEPRECATIONS}; https://firebase.google.com/docs/ai-logic/locations`,
  },
  // Google names no replacement for 2.5 Flash-Lite; 3.5 Flash-Lite is the current GA Flash-Lite (changelog, 2026-07-21).
  {
    id: "gemini-2.5-flash-lite",
    released: "2025-07-22",
    shutdown: "2026-07-22",
    lifecycle: { state: "deprecated", successor: "gemini-3.5-flash-lite", routed: false },
    source: `${DEPRECATIONS}; ${CHANGELOG}`,
  },
  // The deprecations page names a preview (gemini-3.1-pro-preview); 3.8 Flash as replacement is a third party's report.
  {
    id: "gemini-2.5-pro",
    released: "2025-06-17",
    shutdown: "2026-06-17",
    lifecycle: { state: "deprecated", successor: "gemini-3.8-flash", routed: false },
    source: DEPRECATIONS,
  },
  // Gemini 2.0: shutdown announced (changelog, 2026-02-18) for 2026-06-01; changelog, 2026-06-01: "the following
  // Gemini 2.0 models are now shut down" (these four). Release days from the deprecations page.
  { id: "gemini-2.0-flash", released: "2025-02-05", shutdown: "2026-06-01", lifecycle: SHUT_DOWN, source: `${CHANGELOG}; ${DEPRECATIONS}` },
  { id: "gemini-2.0-flash-001", released: "2025-02-05", shutdown: "2026-06-01", lifecycle: SHUT_DOWN, source: `${CHANGELOG}; ${DEPRECATIONS}` },
  { id: "gemini-2.0-flash-lite", released: "2025-02-25", shutdown: "2026-06-01", lifecycle: SHUT_DOWN, source: `${CHANGELOG}; ${DEPRECATIONS}` },
  {
    id: "gemini-2.0-flash-lite-001",
    released: "2025-02-25",
    shutdown: "2026-06-01",
    lifecycle: SHUT_DOWN,
    source: `${CHANGELOG}; ${DEPRECATIONS}`,
  },
  // The rest of 2.0 went earlier: gemini-2.0-flash-live-001 on 2025-12-09 (deprecations page), gemini-2.0-flash-exp
  // per its model page.
  { id: "gemini-2.0", prefix: true, lifecycle: SHUT_DOWN, source: `${DEPRECATIONS}; https://ai.google.dev/gemini-api/docs/models/gemini-2.0-flash` },
  // 1.5 and 1.0 no longer answer (404); no Gemini API page with the exact dates was found.
  { id: "gemini-1.5", prefix: true, lifecycle: SHUT_DOWN, source: DEPRECATIONS },
  { id: "gemini-1.0", prefix: true, lifecycle: SHUT_DOWN, source: DEPRECATIONS },
];

/** `models/gemini-x` or ` Gemini-X ` → `gemini-x`. */
function normalize(id: string): string {
  const lower = id.trim().toLowerCase();
  return lower.startsWith("models/") ? lower.slice("models/".length) : lower;
}

/**
 * The row for an id: an exact row first, else the family whose prefix it carries; undefined for ids not listed.
 * @internal Tests compare it with the app's table.
 */
export function emulatedGeminiModel(id: string): EmulatedGeminiModel | undefined {
  const bare = normalize(id);
  const exact = EMULATED_GEMINI_MODELS.find((row) => !row.prefix && row.id === bare);
  return exact ?? EMULATED_GEMINI_MODELS.find((row) => row.prefix && (bare === row.id || bare.startsWith(`${row.id}-`)));
}

/** Google answers a shut-down id with 404 `NOT_FOUND`. */
export function isShutDownGeminiModel(id: string): boolean {
  return emulatedGeminiModel(id)?.lifecycle.state === "shut_down";
}

/** The model that really answers an id: routed deprecated ids are answered by their successor (following every hop). */
export function servedGeminiModel(id: string): string {
  const seen = new Set<string>();
  let current = normalize(id);
  while (!seen.has(current)) {
    seen.add(current);
    const lifecycle = emulatedGeminiModel(current)?.lifecycle;
    if (lifecycle?.state !== "deprecated" || !lifecycle.routed) break;
    current = lifecycle.successor;
  }
  return current;
}

/**
 * Gemini 3.6 and later (see the whats-new-gemini-3.6 page) ignore `temperature`/`topP`/`topK`, reject `frequencyPenalty` and
 * `presencePenalty`, and refuse a conversation whose last content is a `model` turn. The rule follows the model that
 * answers, so a deprecated id routed to a 3.6+ model (gemini-3.5-flash) behaves the same.
 */
export function isStrictGeminiFamily(id: string): boolean {
  const version = /^gemini-(\d+)\.(\d+)/.exec(servedGeminiModel(id));
  if (!version) return false;
  const [major, minor] = [Number(version[1]), Number(version[2])];
  return major === 3 ? minor >= 6 : major > 3;
}
