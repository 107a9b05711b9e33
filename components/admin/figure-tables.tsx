import type { AdminDictionary } from "@/lib/shared/i18n/admin-dictionary";
import { ScrollArea } from "./scroll-area";
import type { AdminStats } from "@/lib/shared/admin-stats";
import type { Formatters } from "./format";

interface FigureTablesProps {
  stats: AdminStats;
  strings: AdminDictionary;
  formatters: Formatters;
}

function Empty({ columns, text }: { columns: number; text: string }) {
  return (
    <tr>
      <td colSpan={columns} className="admin-empty">
        {text}
      </td>
    </tr>
  );
}

/** The exact numbers behind the charts, for when a glance is not enough. */
export function FigureTables({ stats, strings, formatters: f }: FigureTablesProps) {
  const { tables: t } = strings;
  const { gateway, tasks } = stats;
  return (
    <div className="admin-tables">
      <section className="admin-card" aria-labelledby="errors-by-kind">
        <h2 id="errors-by-kind">{t.errors}</h2>
        <ScrollArea>
          <table>
            <thead>
              <tr>
                <th>{t.kind}</th>
                <th className="num">{t.count}</th>
                <th className="num">{t.shareOfCalls}</th>
              </tr>
            </thead>
            <tbody>
              {gateway.errors_by_kind.length === 0 ? <Empty columns={3} text={t.none} /> : null}
              {gateway.errors_by_kind.map((row) => (
                <tr key={row.kind}>
                  <td>{strings.errorKinds[row.kind] ?? row.kind}</td>
                  <td className="num">{f.count(row.count)}</td>
                  <td className="num">{f.percent(row.rate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollArea>
      </section>

      <section className="admin-card" aria-labelledby="task-failures">
        <h2 id="task-failures">{t.failures}</h2>
        <ScrollArea>
          <table>
            <thead>
              <tr>
                <th>{t.code}</th>
                <th className="num">{t.count}</th>
              </tr>
            </thead>
            <tbody>
              {tasks.failures_by_code.length === 0 ? <Empty columns={2} text={t.none} /> : null}
              {tasks.failures_by_code.map((row) => (
                <tr key={row.code}>
                  <td>
                    <code>{row.code}</code>
                  </td>
                  <td className="num">{f.count(row.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollArea>
      </section>

      <section className="admin-card admin-card-wide" aria-labelledby="tasks-by-outcome">
        <h2 id="tasks-by-outcome">{t.tasks}</h2>
        <ScrollArea>
          <table>
            <thead>
              <tr>
                <th>{t.model}</th>
                <th className="num">{t.total}</th>
                <th className="num">{strings.status.succeeded}</th>
                <th className="num">{strings.status.failed}</th>
                <th className="num">{strings.status.canceled}</th>
                <th className="num">{t.pending}</th>
                <th className="num">{t.images}</th>
                <th className="num">{t.cost}</th>
              </tr>
            </thead>
            <tbody>
              {tasks.by_model.length === 0 ? <Empty columns={8} text={t.none} /> : null}
              {tasks.by_model.map((row) => (
                <tr key={row.model}>
                  <td>{row.model}</td>
                  <td className="num">{f.count(row.tasks)}</td>
                  <td className="num">{f.count(row.succeeded)}</td>
                  <td className="num">{f.count(row.failed)}</td>
                  <td className="num">{f.count(row.canceled)}</td>
                  <td className="num">{f.count(row.pending)}</td>
                  <td className="num">{f.count(row.images)}</td>
                  <td className="num">{f.usd(row.cost_usd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollArea>
        <p className="admin-note">
          {t.prices}:{" "}
          {Object.entries(tasks.prices_usd_per_image)
            .map(([model, price]) => `${model} ${f.usd(price)}`)
            .join(" · ")}
        </p>
      </section>

      <section className="admin-card admin-card-wide" aria-labelledby="calls-by-target">
        <h2 id="calls-by-target">{t.targets}</h2>
        <ScrollArea>
          <table>
            <thead>
              <tr>
                <th>{t.provider}</th>
                <th>{t.model}</th>
                <th>{t.operation}</th>
                <th className="num">{t.calls}</th>
                <th className="num">{t.errorsColumn}</th>
                <th className="num">{t.retries}</th>
                <th className="num">{t.cacheHits}</th>
                <th className="num">{t.avgLatency}</th>
                <th className="num">{t.maxLatency}</th>
              </tr>
            </thead>
            <tbody>
              {gateway.by_target.length === 0 ? <Empty columns={9} text={t.none} /> : null}
              {gateway.by_target.map((row) => (
                <tr key={`${row.provider}/${row.model}/${row.operation}`}>
                  <td>{row.provider}</td>
                  <td>{row.model}</td>
                  <td>
                    <code>{row.operation}</code>
                  </td>
                  <td className="num">{f.count(row.calls)}</td>
                  <td className="num">{f.count(row.errors)}</td>
                  <td className="num">{f.count(row.retries)}</td>
                  <td className="num">{f.count(row.cache_hits)}</td>
                  <td className="num">{f.ms(row.avg_latency_ms)}</td>
                  <td className="num">{f.ms(row.max_latency_ms)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollArea>
      </section>
    </div>
  );
}
