/**
 * Every Gemini id the app knows, with its lifecycle: GA, deprecated (Google routes it to a successor) or shut down
 * (the endpoint answers 404). The app (settings check, client, dashboard, smoke test) and the emulator read this one
 * table, so it imports nothing. Dates are UTC days; each row names the Google page it was checked on (2026-11-30).
 */

type GeminiLifecycle = { state: "ga" } | { state: "deprecated"; successor: string } | { state: "shut_down"; successor: string };

interface GeminiModelRow {
  /** A model id, or for `family` rows the prefix of every id of a shut-down family (`gemini-1.5`, `gemini-1.5-pro-002`). */
  id: string;
  family?: true;
  released: string | null;
  lifecycle: GeminiLifecycle;
  /** Where the state and dates were checked. */
  source: string;
}

const DEPRECATIONS_PAGE = "https://ai.google.dev/gemini-api/docs/deprecations";

export const GEMINI_MODELS: readonly GeminiModelRow[] = [
  { id: "gemini-3.8-flash", released: "2026-09-02", lifecycle: { state: "ga" }, source: DEPRECATIONS_PAGE },
  {
    id: "gemini-3.7-flash",
    released: "2026-08-13",
    // The deprecations page lists no shutdown date, but the model page says requests are routed to 3.8 Flash.
    lifecycle: { state: "deprecated", successor: "gemini-3.8-flash" },
    source: "https://ai.google.dev/gemini-api/docs/models/gemini-3.7-flash",
  },
  {
    id: "gemini-3.6-flash",
    released: "2026-07-21",
    lifecycle: { state: "ga" },
    source: `${DEPRECATIONS_PAGE}; https://ai.google.dev/gemini-api/docs/whats-new-gemini-3.6`,
  },
  { id: "gemini-3.5-flash-lite", released: "2026-07-21", lifecycle: { state: "ga" }, source: DEPRECATIONS_PAGE },
  {
    id: "gemini-3.5-flash",
    released: "2026-05-19",
    // The release date is on the deprecations page ("no shutdown date announced"); the routing to 3.6 Flash is what
    // the project's issue reports and was not found on a Google page when checked.
    lifecycle: { state: "deprecated", successor: "gemini-3.6-flash" },
    source: DEPRECATIONS_PAGE,
  },
  // Shut down; no Gemini API page with the exact dates was found, only that they no longer answer (404).
  { id: "gemini-1.5", family: true, released: null, lifecycle: { state: "shut_down", successor: "gemini-3.8-flash" }, source: DEPRECATIONS_PAGE },
  { id: "gemini-1.0", family: true, released: null, lifecycle: { state: "shut_down", successor: "gemini-3.8-flash" }, source: DEPRECATIONS_PAGE },
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

/** The id that really answers: a deprecated id is routed (possibly twice) to its successor. */
export function servedGeminiModel(id: string): string {
  let current = bareId(id);
  for (let hop = 0; hop < GEMINI_MODELS.length; hop++) {
    const lifecycle = geminiModelRow(current)?.lifecycle;
    if (lifecycle?.state !== "deprecated") return current;
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
  return `GEMINI_MODEL "${bareId(id)}" is deprecated: Google routes it to ${lifecycle.successor}. Set GEMINI_MODEL to ${lifecycle.successor}${newest}.`;
}

/** A sentence for GEMINI_MODEL when the id is shut down, else null. */
export function geminiShutDownNotice(id: string): string | null {
  const lifecycle = geminiModelRow(id)?.lifecycle;
  if (lifecycle?.state !== "shut_down") return null;
  return `"${bareId(id)}" names a shut-down Gemini model (it answers 404); set GEMINI_MODEL to ${lifecycle.successor}.`;
}
