import type { Metadata } from "next";
import { cookies } from "next/headers";
import { notFound } from "next/navigation";
import { AdminDashboard } from "@/components/admin/admin-dashboard";
import { AdminStyles } from "@/components/admin/admin-styles";
import { SignInForm, type SignInOutcome } from "@/components/admin/sign-in-form";
import { SiteHeader } from "@/components/layout/site-header";
import { ADMIN_COOKIE, SECURE_ADMIN_COOKIE } from "@/lib/http/admin-auth";
import { appForRequest } from "@/lib/platform/request-context";
import { getAdminDictionary } from "@/lib/shared/i18n/admin-dictionary";
import { getDictionary } from "@/lib/shared/i18n/get-dictionary";
import { isLocale } from "@/lib/shared/i18n/locales";
import { getAdminStats } from "@/lib/stats/get-admin-stats";
import { DEFAULT_STATS_WINDOW, isStatsWindow } from "@/lib/shared/stats-windows";
import { hasAdminAccess } from "./admin-access";

export const runtime = "edge";
// Per request: it reads the admin cookie and live figures.
export const dynamic = "force-dynamic";

interface AdminPageProps {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

const SIGN_IN_OUTCOMES: readonly SignInOutcome[] = ["missing", "invalid", "throttled"];

export async function generateMetadata({ params }: AdminPageProps): Promise<Metadata> {
  const { locale } = await params;
  return isLocale(locale) ? { title: getAdminDictionary(locale).title, robots: { index: false, follow: false } } : {};
}

// /[locale]/admin – the monitoring dashboard, or its sign-in form without a valid admin cookie.
export default async function AdminPage({ params, searchParams }: AdminPageProps) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  const query = await searchParams;
  const strings = getAdminDictionary(locale);
  const started = Date.now();
  const app = appForRequest();
  const logger = app.logger.child({ route: "/[locale]/admin", method: "GET" });
  const jar = await cookies();
  const session = (jar.get(SECURE_ADMIN_COOKIE) ?? jar.get(ADMIN_COOKIE))?.value;
  const signedIn = await hasAdminAccess(session, app.env, app.now());

  const window = isStatsWindow(query.window) ? query.window : DEFAULT_STATS_WINDOW;
  const outcome = SIGN_IN_OUTCOMES.find((candidate) => candidate === query.signin) ?? null;
  const body = signedIn ? (
    <AdminDashboard stats={await getAdminStats(app, window)} locale={locale} strings={strings} />
  ) : (
    <div className="admin">
      <AdminStyles />
      <SignInForm locale={locale} strings={strings.signIn} outcome={outcome} />
    </div>
  );
  logger.info("page", { signedIn, durationMs: Date.now() - started });
  return (
    <>
      <SiteHeader locale={locale} nav={getDictionary(locale).nav} path="/admin" current={null} />
      <main id="main">{body}</main>
    </>
  );
}
