import type { AdminDictionary } from "@/lib/shared/i18n/admin-dictionary";
import type { Locale } from "@/lib/shared/i18n/locales";
import { STATS_WINDOW_NAMES, type StatsWindow } from "@/lib/shared/stats-windows";

/** Plain links: switching the window is a new server render, no client code. */
export function WindowSwitch({ locale, current, strings }: { locale: Locale; current: StatsWindow; strings: AdminDictionary }) {
  return (
    <nav aria-label={strings.windowLabel}>
      <ul className="admin-windows" role="list">
        {STATS_WINDOW_NAMES.map((window) => (
          <li key={window}>
            <a href={`/${locale}/admin?window=${window}`} aria-current={window === current ? "page" : undefined}>
              {strings.windows[window]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
