import type { AdminDictionary } from "@/lib/shared/i18n/admin-dictionary";
import { format } from "@/lib/shared/i18n/format";
import type { GatewayFigures } from "@/lib/shared/admin-stats";
import { ChartCard } from "../chart-card";
import type { Formatters } from "../format";

const RADIUS = 62;
const STROKE = 20;
const CIRCUMFERENCE = 2 * Math.PI * RADIUS;

interface CacheChartProps {
  cache: GatewayFigures["cache"];
  strings: AdminDictionary;
  formatters: Formatters;
}

/** A ring: the share of cacheable requests the gateway answered from its cache. */
export function CacheChart({ cache, strings, formatters }: CacheChartProps) {
  const { charts } = strings;
  const share = cache.hit_rate ?? 0;
  const hitLength = CIRCUMFERENCE * share;
  return (
    <ChartCard
      title={charts.cache}
      caption={charts.cacheCaption}
      legend={[
        { label: `${charts.hits} ${formatters.count(cache.hits)}`, className: "fill-hit" },
        { label: `${charts.misses} ${formatters.count(cache.lookups - cache.hits)}`, className: "fill-miss" },
      ]}
      empty={cache.lookups === 0 ? charts.noData : null}
    >
      <svg className="chart chart-ring" viewBox="0 0 200 200" role="img" aria-label={`${charts.cache}: ${formatters.percent(cache.hit_rate)}`}>
        <title>{format(strings.tiles.cacheOf, { hits: formatters.count(cache.hits), lookups: formatters.count(cache.lookups) })}</title>
        <circle className="ring-miss" cx={100} cy={100} r={RADIUS} strokeWidth={STROKE} fill="none" />
        {hitLength > 0 ? (
          <circle
            className="ring-hit"
            cx={100}
            cy={100}
            r={RADIUS}
            strokeWidth={STROKE}
            fill="none"
            strokeDasharray={`${hitLength} ${CIRCUMFERENCE - hitLength}`}
            transform="rotate(-90 100 100)"
          />
        ) : null}
        <text className="ring-value" x={100} y={96} textAnchor="middle">
          {formatters.percent(cache.hit_rate)}
        </text>
        <text className="ring-note" x={100} y={122} textAnchor="middle">
          {`${formatters.count(cache.hits)} / ${formatters.count(cache.lookups)}`}
        </text>
      </svg>
    </ChartCard>
  );
}
