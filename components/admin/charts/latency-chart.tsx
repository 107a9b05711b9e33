import type { AdminDictionary } from "@/lib/shared/i18n/admin-dictionary";
import { format } from "@/lib/shared/i18n/format";
import type { GatewayFigures } from "@/lib/shared/admin-stats";
import { ChartCard } from "../chart-card";
import type { Formatters } from "../format";
import { ResponsiveChart } from "./responsive-chart";
import { linearScale } from "./scale";

const PERCENTILES = ["p50", "p95", "p99"] as const;
const BAR = 11;
const BAR_GAP = 3;
const GROUP_GAP = 16;
const AXIS = 26;
const BARS = PERCENTILES.length * (BAR + BAR_GAP) - BAR_GAP;

/** Model names sit left of their bars when there is room, above them on a phone. */
interface Layout {
  width: number;
  left: number;
  right: number;
  labelAbove: number;
}

const WIDE: Layout = { width: 720, left: 150, right: 80, labelAbove: 0 };
const NARROW: Layout = { width: 400, left: 4, right: 92, labelAbove: 20 };

type Row = GatewayFigures["latency_by_model"][number];

interface LatencyBarsProps {
  layout: Layout;
  rows: Row[];
  label: string;
  tooltip: string;
  formatters: Formatters;
}

function LatencyBars({ layout, rows, label, tooltip, formatters }: LatencyBarsProps) {
  const scale = linearScale(Math.max(0, ...rows.map((row) => row.p99)));
  const plot = layout.width - layout.left - layout.right;
  const group = layout.labelAbove + BARS;
  const height = rows.length * (group + GROUP_GAP) + AXIS;
  const axisY = height - AXIS + 4;
  return (
    <svg className="chart" viewBox={`0 0 ${layout.width} ${height}`} role="img" aria-label={label}>
      <g className="chart-axis" aria-hidden="true">
        {scale.ticks.map((tick, index) => {
          const x = layout.left + plot * scale.at(tick);
          return (
            <g key={tick}>
              <line className="chart-grid" x1={x} x2={x} y1={0} y2={axisY} />
              {layout.labelAbove > 0 && index % 2 === 1 ? null : (
                <text x={x} y={height - 6} textAnchor={index === 0 && layout.left < 20 ? "start" : "middle"}>
                  {formatters.ms(tick)}
                </text>
              )}
            </g>
          );
        })}
      </g>
      {rows.map((row, rowIndex) => {
        const top = rowIndex * (group + GROUP_GAP) + GROUP_GAP / 2;
        const barsTop = top + layout.labelAbove;
        return (
          <g key={row.model} className="latency-model">
            {layout.labelAbove > 0 ? (
              <text className="chart-label chart-label-strong" x={layout.left} y={top + 12}>
                {row.model}
              </text>
            ) : (
              <text className="chart-label chart-label-strong" x={layout.left - 10} y={barsTop + BARS / 2} dy="0.32em" textAnchor="end">
                {row.model}
              </text>
            )}
            {PERCENTILES.map((percentile, index) => {
              const y = barsTop + index * (BAR + BAR_GAP);
              const width = Math.max(1, plot * scale.at(row[percentile]));
              const value = formatters.ms(row[percentile]);
              return (
                <g key={percentile}>
                  <title>{format(tooltip, { model: row.model, percentile, value, count: formatters.count(row.count) })}</title>
                  <rect className={`fill-${percentile}`} x={layout.left} y={y} width={width} height={BAR} rx={2} />
                  <text className="chart-value" x={layout.left + width + 6} y={y + BAR / 2} dy="0.32em">
                    {value}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}

interface LatencyChartProps {
  models: GatewayFigures["latency_by_model"];
  strings: AdminDictionary;
  formatters: Formatters;
}

/** Per model, three horizontal bars (p50, p95, p99) on one millisecond axis; slowest model (by p95) first. */
export function LatencyChart({ models, strings, formatters }: LatencyChartProps) {
  const { charts } = strings;
  const rows = [...models].sort((a, b) => b.p95 - a.p95 || a.model.localeCompare(b.model));
  const bars = (layout: Layout) => (
    <LatencyBars layout={layout} rows={rows} label={charts.latency} tooltip={charts.latencyTooltip} formatters={formatters} />
  );
  return (
    <ChartCard
      title={charts.latency}
      caption={charts.latencyCaption}
      legend={PERCENTILES.map((percentile) => ({ label: percentile, className: `fill-${percentile}` }))}
      empty={rows.length === 0 ? charts.noData : null}
    >
      <ResponsiveChart wide={bars(WIDE)} narrow={bars(NARROW)} />
    </ChartCard>
  );
}
