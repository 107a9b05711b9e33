export interface StepResult {
  step: string;
  ok: boolean;
  status: string;
  latencyMs: number | null;
  cacheStatus: string | null;
  logId: string | null;
  detail: string;
}

const COLUMNS: [string, (row: StepResult) => string][] = [
  ["step", (row) => row.step],
  ["status", (row) => `${row.ok ? "ok" : "FAIL"} ${row.status}`.trim()],
  ["latency", (row) => (row.latencyMs === null ? "–" : `${Math.round(row.latencyMs)} ms`)],
  ["cache", (row) => row.cacheStatus ?? "–"],
  ["gateway log id", (row) => row.logId ?? "–"],
  ["detail", (row) => row.detail],
];

/** A plain-text table that reads the same in a terminal and in CI logs. */
export function formatTable(rows: StepResult[]): string {
  const cells = rows.map((row) => COLUMNS.map(([, cell]) => cell(row)));
  const widths = COLUMNS.map(([title], index) => Math.max(title.length, ...cells.map((line) => line[index]!.length)));
  const line = (values: string[]) =>
    values
      .map((value, index) => value.padEnd(widths[index]!))
      .join("  ")
      .trimEnd();
  return [line(COLUMNS.map(([title]) => title)), line(widths.map((width) => "-".repeat(width))), ...cells.map(line)].join("\n");
}
