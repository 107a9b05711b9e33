import type { AdminDictionary } from "@/lib/shared/i18n/admin-dictionary";
import { format } from "@/lib/shared/i18n/format";
import type { AdminStats } from "@/lib/shared/admin-stats";
import type { Formatters } from "./format";

interface StatTilesProps {
  stats: AdminStats;
  strings: AdminDictionary;
  formatters: Formatters;
}

/** The headline figures, one tile each, readable before any chart. */
export function StatTiles({ stats, strings, formatters: f }: StatTilesProps) {
  const { gateway, tasks } = stats;
  const t = strings.tiles;
  const latency = gateway.latency_ms;
  const tiles = [
    { id: "requests", label: t.requests, value: f.count(gateway.calls), note: null, tone: "" },
    {
      id: "error-rate",
      label: t.errorRate,
      value: f.percent(gateway.error_rate),
      note: format(t.errorsOf, { errors: f.count(gateway.errors) }),
      tone: gateway.errors > 0 ? "tile-bad" : "",
    },
    {
      id: "p95",
      label: t.p95,
      value: latency ? f.ms(latency.p95) : "–",
      note: latency ? format(t.p50p99, { p50: f.ms(latency.p50), p99: f.ms(latency.p99) }) : null,
      tone: "",
    },
    {
      id: "cache",
      label: t.cacheHitRate,
      value: f.percent(gateway.cache.hit_rate),
      note: format(t.cacheOf, { hits: f.count(gateway.cache.hits), lookups: f.count(gateway.cache.lookups) }),
      tone: "",
    },
    { id: "retries", label: t.retries, value: f.count(gateway.retries), note: t.retriesHint, tone: "" },
    { id: "images", label: t.images, value: f.count(tasks.images), note: format(t.tasksOf, { tasks: f.count(tasks.total) }), tone: "" },
    { id: "cost", label: t.cost, value: f.usd(tasks.cost_usd), note: t.costHint, tone: "" },
  ];
  return (
    <dl className="admin-tiles">
      {tiles.map((tile) => (
        <div key={tile.id} className={`admin-tile ${tile.tone}`} data-tile={tile.id}>
          <dt>{tile.label}</dt>
          <dd>
            <span className="tile-value">{tile.value}</span>
            {tile.note ? <span className="tile-note">{tile.note}</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}
