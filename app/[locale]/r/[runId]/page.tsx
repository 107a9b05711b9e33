import type { Metadata } from "next";
import { cookies } from "next/headers";
import { notFound } from "next/navigation";
import { cache } from "react";
import { SiteHeader } from "@/components/layout/site-header";
import { SharedRunView } from "@/components/runs/shared-run-view";
import { sessionCookieName, verifySession } from "@/lib/http/session";
import { appForRequest } from "@/lib/platform/request-context";
import { getSharedRun } from "@/lib/runs/share-run";
import type { RunView } from "@/lib/shared/api/runs";
import type { Dictionary } from "@/lib/shared/i18n/en";
import { format } from "@/lib/shared/i18n/format";
import { getDictionary } from "@/lib/shared/i18n/get-dictionary";
import { isLocale } from "@/lib/shared/i18n/locales";
import { localeAlternates } from "../../alternates";
import { MODEL_CARDS, modelLabel } from "@/lib/shared/models/catalogue";

export const runtime = "edge";
// Per request: visibility depends on the viewer's session.
export const dynamic = "force-dynamic";

interface RunPageProps {
  params: Promise<{ locale: string; runId: string }>;
}

/** Cached per request, so the metadata and the page read the run once; reading the cookie never mints a session. */
const sharedRunFor = cache(async (locale: string, runId: string) => {
  const app = appForRequest();
  const cookie = (await cookies()).get(sessionCookieName(app.env.APP_URL.startsWith("https:")))?.value;
  return getSharedRun(app, locale, runId, await verifySession(cookie, app.env.SESSION_SECRET));
});

/** "One prompt, 3 models" or "3 prompts, one model". */
function runHeading(run: RunView, strings: Dictionary["runs"]): string {
  const comparing = new Set(run.tasks.map((task) => task.model)).size > 1;
  return format(comparing ? strings.runHeading : strings.runHeadingPrompts, { count: run.tasks.length });
}

export async function generateMetadata({ params }: RunPageProps): Promise<Metadata> {
  const { locale, runId } = await params;
  if (!isLocale(locale)) return {};
  const shared = await sharedRunFor(locale, runId);
  if (!shared) return { robots: { index: false } };
  const { run, imageUrl, pageUrl } = shared;
  const dict = getDictionary(locale);
  const title = runHeading(run, dict.runs);
  // A private run is shown to its owner, but never described to crawlers.
  if (run.is_private) return { title, robots: { index: false, follow: false } };
  const models = [...new Set(run.tasks.map((task) => modelLabel(task.model)))].join(", ");
  const description = `${format(dict.runs.runDescription, { count: run.tasks.length, models })} · ${run.tasks[0]?.prompt ?? ""}`.slice(0, 200);
  const images = imageUrl ? [{ url: imageUrl, alt: run.tasks[0]?.prompt ?? title }] : [];
  return {
    title,
    description,
    alternates: localeAlternates(locale, `/r/${encodeURIComponent(run.id)}`),
    openGraph: { type: "article", title, description, url: pageUrl, images },
    twitter: { card: imageUrl ? "summary_large_image" : "summary", title, description, images },
  };
}

// /[locale]/r/[runId] – a run to share: its images side by side, each with its model, time and price.
export default async function RunPage({ params }: RunPageProps) {
  const { locale, runId } = await params;
  if (!isLocale(locale)) notFound();
  const shared = await sharedRunFor(locale, runId);
  if (!shared) notFound();
  const dict = getDictionary(locale);
  return (
    <>
      <SiteHeader locale={locale} nav={dict.nav} path={`/r/${runId}`} current={null} />
      <main id="main" className="page">
        <SharedRunView
          tasks={shared.run.tasks}
          heading={runHeading(shared.run, dict.runs)}
          locale={locale}
          modelLabels={Object.fromEntries(Object.values(MODEL_CARDS).map((model) => [model.key, model.label]))}
          strings={dict.runs}
          taskStrings={dict.tasks}
          shareStrings={dict.share}
        />
      </main>
    </>
  );
}
