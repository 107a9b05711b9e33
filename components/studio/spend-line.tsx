import type { SpendView } from "@/lib/shared/api/me";
import type { Dictionary } from "@/lib/shared/i18n/en";
import { format } from "@/lib/shared/i18n/format";
import { isLocale } from "@/lib/shared/i18n/locales";
import { formatUsd } from "@/lib/shared/money";
import styles from "./composer.module.css";

interface SpendLineProps {
  imageCount: number;
  /** One image of this request, as priced with its resolution and images. */
  unitUsd: number;
  costUsd: number;
  spend: SpendView | null;
  locale: string;
  strings: Dictionary["studio"];
  /** A run's task count and total, said instead of "count × unit price" (a compare run's models differ in price). */
  runSummary?: { tasks: number; usd: number; words: string };
}

/** What this generation costs and what the person spent today, beside the Generate button. */
export function SpendLine({ imageCount, unitUsd, costUsd, spend, locale, strings, runSummary }: SpendLineProps) {
  const usd = (amount: number) => formatUsd(amount, isLocale(locale) ? locale : "en");
  return (
    <span className={styles.estimate} data-testid="spend-line">
      {runSummary ? (
        format(runSummary.words, { count: runSummary.tasks, price: usd(runSummary.usd) })
      ) : (
        <>
          {format(strings.estimate, { count: imageCount, price: usd(unitUsd) })}
          {" · "}
          {format(strings.cost, { price: usd(costUsd) })}
        </>
      )}
      {spend ? (
        <>
          {" · "}
          {spend.budget_usd === null
            ? format(strings.spentTodayNoBudget, { spent: usd(spend.today_usd) })
            : format(strings.spentToday, { spent: usd(spend.today_usd), budget: usd(spend.budget_usd) })}
        </>
      ) : null}
    </span>
  );
}
