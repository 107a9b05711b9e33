import type { AdminDictionary } from "@/lib/shared/i18n/admin-dictionary";
import { ScrollArea } from "./scroll-area";
import { format } from "@/lib/shared/i18n/format";
import type { AdminStats } from "@/lib/shared/admin-stats";
import type { Formatters } from "./format";

interface SpendTablesProps {
  stats: AdminStats;
  strings: AdminDictionary;
  formatters: Formatters;
}

/** Spend against each daily budget, the clients that spend most (hashed), bytes uploaded per day and what was refused, by reason. */
export function SpendTables({ stats, strings, formatters: f }: SpendTablesProps) {
  const t = strings.spend;
  const { budgets_usd: budgets, days, top_clients: topClients, uploads } = stats.spend;
  const quota = (bytes: number | null) => (bytes === null ? t.noQuota : f.bytes(bytes));
  const against = (spent: number, budget: number | null) =>
    budget === null ? f.usd(spent) : format(t.ofBudget, { spent: f.usd(spent), budget: f.usd(budget), share: f.percent(spent / budget) });
  return (
    <div className="admin-tables">
      <section className="admin-card" aria-labelledby="spend-by-day">
        <h2 id="spend-by-day">{t.title}</h2>
        <p className="admin-note">{t.caption}</p>
        <ScrollArea>
          <table>
            <thead>
              <tr>
                <th>{t.day}</th>
                <th className="num">{t.everyone}</th>
                <th className="num">{t.topUser}</th>
                <th className="num">{t.topClient}</th>
              </tr>
            </thead>
            <tbody>
              {days.length === 0 ? (
                <tr>
                  <td colSpan={4} className="admin-empty">
                    {strings.tables.none}
                  </td>
                </tr>
              ) : null}
              {days.map((row) => (
                <tr key={row.day}>
                  <td>{row.day}</td>
                  <td className="num">{against(row.global_usd, budgets.global)}</td>
                  <td className="num">{against(row.top_user_usd, budgets.user)}</td>
                  <td className="num">{against(row.top_client_usd, budgets.client)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollArea>
      </section>

      <section className="admin-card" aria-labelledby="top-clients">
        <h2 id="top-clients">{t.topClients}</h2>
        <ScrollArea>
          <table>
            <thead>
              <tr>
                <th>{t.client}</th>
                <th className="num">{t.spent}</th>
              </tr>
            </thead>
            <tbody>
              {topClients.length === 0 ? (
                <tr>
                  <td colSpan={2} className="admin-empty">
                    {strings.tables.none}
                  </td>
                </tr>
              ) : null}
              {topClients.map((row) => (
                <tr key={row.client}>
                  <td>
                    <code>{row.client}</code>
                  </td>
                  <td className="num">{f.usd(row.spent_usd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollArea>
      </section>

      <section className="admin-card" aria-labelledby="uploads-by-day" data-testid="uploads-by-day">
        <h2 id="uploads-by-day">{t.uploadsTitle}</h2>
        <p className="admin-note">{format(t.uploadsCaption, { user: quota(uploads.quota_bytes.user), client: quota(uploads.quota_bytes.client) })}</p>
        <ScrollArea>
          <table>
            <thead>
              <tr>
                <th>{t.day}</th>
                <th className="num">{t.uploaded}</th>
              </tr>
            </thead>
            <tbody>
              {uploads.days.length === 0 ? (
                <tr>
                  <td colSpan={2} className="admin-empty">
                    {strings.tables.none}
                  </td>
                </tr>
              ) : null}
              {uploads.days.map((row) => (
                <tr key={row.day}>
                  <td>{row.day}</td>
                  <td className="num">{f.bytes(row.bytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollArea>
      </section>

      <section className="admin-card" aria-labelledby="refusals">
        <h2 id="refusals">{t.refusals}</h2>
        <ScrollArea>
          <table>
            <thead>
              <tr>
                <th>{t.reason}</th>
                <th className="num">{strings.tables.count}</th>
              </tr>
            </thead>
            <tbody>
              {stats.refusals.map((row) => (
                <tr key={row.reason}>
                  <td>{t.reasons[row.reason]}</td>
                  <td className="num">{f.count(row.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollArea>
      </section>
    </div>
  );
}
