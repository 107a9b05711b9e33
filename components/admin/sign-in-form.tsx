import type { AdminDictionary } from "@/lib/shared/i18n/admin-dictionary";
import type { Locale } from "@/lib/shared/i18n/locales";

export type SignInOutcome = "missing" | "invalid" | "throttled";

interface SignInFormProps {
  locale: Locale;
  strings: AdminDictionary["signIn"];
  outcome: SignInOutcome | null;
}

/** A plain form: it works without JavaScript, and the route answers with a redirect back here. */
export function SignInForm({ locale, strings, outcome }: SignInFormProps) {
  const problem = outcome ? strings[outcome] : null;
  return (
    <section className="admin-card admin-sign-in" aria-labelledby="admin-sign-in">
      <h1 id="admin-sign-in">{strings.heading}</h1>
      <p>{strings.intro}</p>
      <form method="post" action="/api/admin/session">
        <input type="hidden" name="locale" value={locale} />
        <label htmlFor="admin-token">{strings.tokenLabel}</label>
        <input
          id="admin-token"
          name="token"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? "admin-token-problem" : undefined}
        />
        {problem ? (
          <p id="admin-token-problem" className="admin-problem" role="alert">
            {problem}
          </p>
        ) : null}
        <button type="submit" className="admin-button">
          {strings.submit}
        </button>
      </form>
    </section>
  );
}
