/** One line of the report: what was measured, the value(s), the goal and whether it was met. */
export interface Figure {
  id: string;
  what: string;
  /** The headline number the goal is judged on (null when a figure has no single number). */
  value: number | null;
  unit: string;
  goal: string;
  /** null for figures that are reported without a goal (growth curves). */
  pass: boolean | null;
  /** Every other number behind the headline: percentiles, counts, breakdowns, profiles. */
  details?: Record<string, unknown>;
}

/** A figure whose part could not be measured; the report says why instead of aborting the whole run. */
export function failedFigure(id: string, what: string, goal: string, error: unknown): Figure {
  return {
    id,
    what,
    value: null,
    unit: "",
    goal,
    pass: false,
    details: { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) },
  };
}
