import { Notice } from "@/components/ui/notice";
import type { SpendView } from "@/lib/shared/api/me";
import type { Dictionary } from "@/lib/shared/i18n/en";
import { format } from "@/lib/shared/i18n/format";
import { isLocale } from "@/lib/shared/i18n/locales";
import { formatUsd } from "@/lib/shared/money";
import { waitUntilReset } from "@/lib/shared/time";

interface BudgetNoticeProps {
  costUsd: number;
  spend: SpendView;
  locale: string;
  strings: Dictionary["studio"];
}

/** Why Generate is off: this generation costs more than any budget has left today, and when they reset. */
export function BudgetNotice({ costUsd, spend, locale, strings }: BudgetNoticeProps) {
  const usd = (amount: number) => formatUsd(amount, isLocale(locale) ? locale : "en");
  return (
    <Notice tone="warning" title={strings.budgetReachedTitle}>
      <p data-testid="budget-reached">
        {format(strings.budgetReached, {
          price: usd(costUsd),
          left: usd(spend.available_usd ?? 0),
          wait: describeWait(Date.parse(spend.resets_at) - Date.now(), strings),
        })}
      </p>
    </Notice>
  );
}

/** `3 h 12 min` until the budgets reset, in the page's language. */
function describeWait(ms: number, strings: Dictionary["studio"]): string {
  const { hours, minutes } = waitUntilReset(ms);
  return hours > 0 ? format(strings.waitHours, { hours, minutes }) : format(strings.waitMinutes, { minutes });
}
