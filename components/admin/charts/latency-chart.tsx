import type { AdminDictionary } from "@/lib/i18n/admin-dictionary";
import { format } from "@/lib/i18n/format";
import type { GatewayFigures } from "@/lib/stats/types";
import { ChartCard } from "../chart-card";
import type { Formatters } from "../format";
import { linearScale } from "./scale";

const PERCENTILES = ["p50", "p95", "p99"] as const;
const WIDTH = 640;
const LEFT = 150;
const RIGHT = 70;
const BAR = 11;
const BAR_GAP = 3;
const GROUP_GAP = 16;
const AXIS = 26;
const GROUP = PERCENTILES.length * (BAR + BAR_GAP) - BAR_GAP;

interface LatencyChartProps {
  models: GatewayFigures["latency_by_model"];
  strings: AdminDictionary;
  formatters: Formatters;
}

/** Per model, three horizontal bars (p50, p95, p99) on one millisecond axis; slowest model (by p95) first. */
export function LatencyChart({ models, strings, formatters }: LatencyChartProps) {
  const { charts } = strings;
  const rows = [...models].sort((a, b) => b.p95 - a.p95 || a.model.localeCompare(b.model));
  const scale = linearScale(Math.max(0, ...rows.map((row) => row.p99)));
  const plot = WIDTH - LEFT - RIGHT;
  const height = rows.length * (GROUP + GROUP_GAP) + AXIS;
  const axisY = height - AXIS + 4;

  return (
    <ChartCard
      title={charts.latency}
      caption={charts.latencyCaption}
      legend={PERCENTILES.map((percentile) => ({ label: percentile, className: `fill-${percentile}` }))}
      empty={rows.length === 0 ? charts.noData : null}
    >
      <svg className="chart" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={charts.latency}>
        <g className="chart-axis" aria-hidden="true">
          {scale.ticks.map((tick) => {
            const x = LEFT + plot * scale.at(tick);
            return (
              <g key={tick}>
                <line className="chart-grid" x1={x} x2={x} y1={0} y2={axisY} />
                <text x={x} y={height - 6} textAnchor="middle">
                  {formatters.ms(tick)}
                </text>
              </g>
            );
          })}
        </g>
        {rows.map((row, rowIndex) => {
          const top = rowIndex * (GROUP + GROUP_GAP) + GROUP_GAP / 2;
          return (
            <g key={row.model}>
              <text className="chart-label chart-label-strong" x={LEFT - 10} y={top + GROUP / 2} dy="0.32em" textAnchor="end">
                {row.model}
              </text>
              {PERCENTILES.map((percentile, index) => {
                const y = top + index * (BAR + BAR_GAP);
                const width = Math.max(1, plot * scale.at(row[percentile]));
                const value = formatters.ms(row[percentile]);
                return (
                  <g key={percentile}>
                    <title>{format(charts.latencyTooltip, { model: row.model, percentile, value, count: formatters.count(row.count) })}</title>
                    <rect className={`fill-${percentile}`} x={LEFT} y={y} width={width} height={BAR} rx={2} />
                    <text className="chart-value" x={LEFT + width + 6} y={y + BAR / 2} dy="0.32em">
                      {value}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
    </ChartCard>
  );
}
