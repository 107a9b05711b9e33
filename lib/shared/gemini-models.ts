/**
 * Every Gemini id the app knows, with its lifecycle: GA, deprecated (Google names a successor and may already route
 * the id to it) or shut down (the endpoint answers 404). The app (settings check, client, dashboard, smoke test) and
 * the emulator read this one table, so it imports nothing. Dates are UTC days; each row names the Google page it was
 * checked on (2026-11-30). Where Google's pages are silent or out of date and only a third party states a fact, the
 * row's comment says so. A row is `shut_down` only when a Google page says the shutdown has happened.
 */

type GeminiLifecycle =
  | { state: "ga" }
  /** `routed`: Google already answers this id with the successor (a `generateContent` call keeps working). */
  | { state: "deprecated"; successor: string; routed: boolean }
  | { state: "shut_down"; successor: string };

interface GeminiModelRow {
  /** A model id, or for `family` rows the prefix of every id of a shut-down family (`gemini-1.5`, `gemini-1.5-pro-002`). */
  id: string;
  family?: true;
  released: string | null;
  /** The shutdown date Google gave (for a deprecated row, the earliest it announced); null when none was announced. */
  shutdown: string | null;
  lifecycle: GeminiLifecycle;
  /** Where the state and dates were checked. */
  source: string;
}

const DEPRECATIONS_PAGE = "https://ai.google.dev/gemini-api/docs/deprecations";
const CHANGELOG = "https://ai.google.dev/gemini-api/docs/changelog";

/** @internal The table itself, which tests compare with the emulator's own copy. */
export const GEMINI_MODELS: readonly GeminiModelRow[] = [
  { id: "gemini-3.8-flash", released: "2026-09-02", shutdown: null, lifecycle: { state: "ga" }, source: DEPRECATIONS_PAGE },
  {
    id: "gemini-3.7-flash",
    released: "2026-08-13",
    shutdown: null,
    // Changelog, 2026-10-08: deprecated, no longer selectable in AI Studio, API requests routed to gemini-3.8-flash.
    lifecycle: { state: "deprecated", successor: "gemini-3.8-flash", routed: true },
    source: `${CHANGELOG}; https://ai.google.dev/gemini-api/docs/models/gemini-3.7-flash`,
  },
  {
    id: "gemini-3.6-flash",
    released: "2026-07-21",
    shutdown: null,
    lifecycle: { state: "ga" },
    source: `${DEPRECATIONS_PAGE}; https://ai.google.dev/gemini-api/docs/whats-new-gemini-3.6`,
  },
  { id: "gemini-3.5-flash-lite", released: "2026-07-21", shutdown: null, lifecycle: { state: "ga" }, source: DEPRECATIONS_PAGE },
  {
    id: "gemini-3.5-flash",
    released: "2026-05-19",
    // Changelog, 2026-10-08 ("Gemini 3.5 Flash deprecation"): replaced by gemini-3.6-flash, API requests to
    // gemini-3.5-flash are routed to it automatically. The deprecations page still says "no shutdown date announced".
    shutdown: null,
    lifecycle: { state: "deprecated", successor: "gemini-3.6-flash", routed: true },
    source: `${CHANGELOG}; ${DEPRECATIONS_PAGE}`,
  },
  // Gemini 2.5. The deprecations page gave 2026-06-17 (Flash, Pro) and 2026-07-22 (Flash-Lite) as the earliest
  // shutdown dates and says the exact date is announced in advance; Firebase AI Logic's banner (a Google page,
  // updated 2026-08-02) then moved "Gemini 2.5 models" to October 2026 and names gemini-3.6-flash. No Google page
  // checked says the shutdown has happened, so these stay deprecated (still answered by themselves). Only third
  // parties report the rest: retirement on 2026-10-20 (apiyi), 503s from a reseller on 2026-11-12 (laozhang), and
  // (aideprecations on dev.to, quoting the deprecations page read 2026-11-10) a 2026-12-01 shutdown after which
  // gemini-2.5-pro is routed to gemini-3.8-flash and gemini-2.5-flash to gemini-3.5-flash-lite.
  {
    id: "gemini-2.5-flash",
    released: "2025-06-17",
    shutdown: "2026-06-17",
    lifecycle: { state: "deprecated", successor: "gemini-3.6-flash", routed: false },
    source: `${DEPRECATIONS_PAGE}; https://firebase.google.com/docs/ai-logic/locations`,
  },
  {
    id: "gemini-2.5-flash-lite",
    released: "2025-07-22",
    shutdown: "2026-07-22",
    // Google names no replacement for Flash-Lite; gemini-3.5-flash-lite is the current GA Flash-Lite (changelog,
    // 2026-07-21). One third party (aideprecations) quotes Google as saying 2.5 Flash-Lite is not deprecated.
    lifecycle: { state: "deprecated", successor: "gemini-3.5-flash-lite", routed: false },
    source: `${DEPRECATIONS_PAGE}; ${CHANGELOG}`,
  },
  {
    id: "gemini-2.5-pro",
    released: "2025-06-17",
    shutdown: "2026-06-17",
    // The deprecations page names gemini-3.1-pro-preview, a preview outside this table; gemini-3.8-flash is the
    // replacement only a third party (aideprecations, Google's page as read on 2026-11-10) reports.
    lifecycle: { state: "deprecated", successor: "gemini-3.8-flash", routed: false },
    source: DEPRECATIONS_PAGE,
  },
  // Gemini 2.0: changelog, 2026-02-18, announced the shutdown for 2026-06-01; changelog, 2026-06-01: "the following
  // Gemini 2.0 models are now shut down" (these four). Google recommended the 2.5 models, themselves deprecated now,
  // so the successor is the current GA Flash. Release dates from the deprecations page.
  ...(
    [
      ["gemini-2.0-flash", "2025-02-05"],
      ["gemini-2.0-flash-001", "2025-02-05"],
      ["gemini-2.0-flash-lite", "2025-02-25"],
      ["gemini-2.0-flash-lite-001", "2025-02-25"],
    ] as const
  ).map(
    ([id, released]): GeminiModelRow => ({
      id,
      released,
      shutdown: "2026-06-01",
      lifecycle: { state: "shut_down", successor: "gemini-3.8-flash" },
      source: `${CHANGELOG}; ${DEPRECATIONS_PAGE}`,
    }),
  ),
  // The rest of 2.0 was shut down earlier: gemini-2.0-flash-live-001 on 2025-12-09 (deprecations page),
  // gemini-2.0-flash-exp per its model page.
  {
    id: "gemini-2.0",
    family: true,
    released: null,
    shutdown: null,
    lifecycle: { state: "shut_down", successor: "gemini-3.8-flash" },
    source: `${DEPRECATIONS_PAGE}; https://ai.google.dev/gemini-api/docs/models/gemini-2.0-flash`,
  },
  // Shut down; no Gemini API page with the exact dates was found, only that they no longer answer (404).
  {
    id: "gemini-1.5",
    family: true,
    released: null,
    shutdown: null,
    lifecycle: { state: "shut_down", successor: "gemini-3.8-flash" },
    source: DEPRECATIONS_PAGE,
  },
  {
    id: "gemini-1.0",
    family: true,
    released: null,
    shutdown: null,
    lifecycle: { state: "shut_down", successor: "gemini-3.8-flash" },
    source: DEPRECATIONS_PAGE,
  },
];

/** The current GA Flash: the default of GEMINI_MODEL. */
export const GEMINI_DEFAULT_MODEL = "gemini-3.8-flash";

function bareId(id: string): string {
  return id
    .trim()
    .toLowerCase()
    .replace(/^models\//, "");
}

/** The table's row for an id (a `models/` prefix is accepted); undefined for ids the table does not list. */
export function geminiModelRow(id: string): GeminiModelRow | undefined {
  const bare = bareId(id);
  return GEMINI_MODELS.find((row) => (row.family ? bare === row.id || bare.startsWith(`${row.id}-`) : bare === row.id));
}

export function isShutDownGeminiModel(id: string): boolean {
  return geminiModelRow(id)?.lifecycle.state === "shut_down";
}

/**
 * The id that really answers: a routed deprecated id is answered (possibly two hops on) by its successor.
 * @internal The app never routes ids itself (Google does); tests compare the table with the emulator's.
 */
export function servedGeminiModel(id: string): string {
  let current = bareId(id);
  for (let hop = 0; hop < GEMINI_MODELS.length; hop++) {
    const lifecycle = geminiModelRow(current)?.lifecycle;
    if (lifecycle?.state !== "deprecated" || !lifecycle.routed) return current;
    current = lifecycle.successor;
  }
  return current;
}

const VERSION = /^gemini-(\d+)\.(\d+)/;

/**
 * Gemini 3.6 and later ignore sampling parameters (temperature, top_p, top_k), reject frequency/presence penalties
 * and refuse a conversation whose last turn is the model's. A deprecated id routed to such a model behaves the same.
 */
export function isStrictGeminiFamily(id: string): boolean {
  const match = VERSION.exec(servedGeminiModel(id));
  if (!match) return false;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  return major > 3 || (major === 3 && minor >= 6);
}

/** A sentence for GEMINI_MODEL when the id is deprecated (naming the successor), else null. */
export function geminiDeprecationNotice(id: string): string | null {
  const lifecycle = geminiModelRow(id)?.lifecycle;
  if (lifecycle?.state !== "deprecated") return null;
  const newest = lifecycle.successor === GEMINI_DEFAULT_MODEL ? "" : ` (or the current ${GEMINI_DEFAULT_MODEL})`;
  const fate = lifecycle.routed
    ? `Google routes it to ${lifecycle.successor}`
    : `Google will shut it down and names ${lifecycle.successor} as its replacement`;
  return `GEMINI_MODEL "${bareId(id)}" is deprecated: ${fate}. Set GEMINI_MODEL to ${lifecycle.successor}${newest}.`;
}

/** A sentence for GEMINI_MODEL when the id is shut down, else null. */
export function geminiShutDownNotice(id: string): string | null {
  const lifecycle = geminiModelRow(id)?.lifecycle;
  if (lifecycle?.state !== "shut_down") return null;
  return `"${bareId(id)}" names a shut-down Gemini model (it answers 404); set GEMINI_MODEL to ${lifecycle.successor}.`;
}
