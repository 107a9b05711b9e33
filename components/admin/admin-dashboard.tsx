import type { AdminDictionary } from "@/lib/shared/i18n/admin-dictionary";
import { format } from "@/lib/shared/i18n/format";
import type { Locale } from "@/lib/shared/i18n/locales";
import type { AdminStats } from "@/lib/shared/admin-stats";
import { AdminStyles } from "./admin-styles";
import { CacheChart } from "./charts/cache-chart";
import { CostChart } from "./charts/cost-chart";
import { LatencyChart } from "./charts/latency-chart";
import { RequestsChart } from "./charts/requests-chart";
import { FigureTables } from "./figure-tables";
import { createFormatters } from "./format";
import { modelColorClasses } from "./model-colors";
import { SignOutButton } from "./sign-out-button";
import { SpendTables } from "./spend-tables";
import { StatTiles } from "./stat-tiles";
import { WindowSwitch } from "./window-switch";

interface AdminDashboardProps {
  stats: AdminStats;
  locale: Locale;
  strings: AdminDictionary;
}

/** The monitoring page body: everything is rendered on the server from one AdminStats. */
export function AdminDashboard({ stats, locale, strings }: AdminDashboardProps) {
  const formatters = createFormatters(locale);
  const colorOf = modelColorClasses(Object.keys(stats.tasks.prices_usd_per_image));
  return (
    <div className="admin">
      <AdminStyles />
      <header className="admin-head">
        <div>
          <h1>{strings.title}</h1>
          <p className="admin-intro">{strings.intro}</p>
          <p className="admin-note">
            {format(strings.updated, { since: formatters.dateTime(stats.since), until: formatters.dateTime(stats.until) })}
          </p>
        </div>
        <div className="admin-actions">
          <WindowSwitch locale={locale} current={stats.window} strings={strings} />
          <SignOutButton label={strings.signOut} />
        </div>
      </header>
      {stats.gemini.successor !== null ? (
        <p className="admin-warning" role="alert" data-testid="gemini-deprecated">
          {format(strings.geminiDeprecated, { model: stats.gemini.model, successor: stats.gemini.successor })}
        </p>
      ) : null}
      <StatTiles stats={stats} strings={strings} formatters={formatters} />
      <div className="admin-grid">
        <RequestsChart series={stats.gateway.series} bucketMs={stats.bucket_ms} strings={strings} formatters={formatters} />
        <LatencyChart models={stats.gateway.latency_by_model} strings={strings} formatters={formatters} />
        <CacheChart cache={stats.gateway.cache} strings={strings} formatters={formatters} />
        <CostChart daily={stats.tasks.daily} colorOf={colorOf} strings={strings} formatters={formatters} />
      </div>
      <SpendTables stats={stats} strings={strings} formatters={formatters} />
      <FigureTables stats={stats} strings={strings} formatters={formatters} />
    </div>
  );
}
