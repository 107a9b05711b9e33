import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SiteHeader } from "@/components/layout/site-header";
import { SharedTaskView } from "@/components/share/shared-task-view";
import { getDictionary } from "@/lib/shared/i18n/get-dictionary";
import { isLocale } from "@/lib/shared/i18n/locales";
import { modelLabel } from "@/lib/shared/models/catalogue";
import { cache } from "react";
import { cookies } from "next/headers";
import { sessionCookieName, verifySession } from "@/lib/http/session";
import { appForRequest } from "@/lib/platform/request-context";
import { getSharedTask } from "@/lib/tasks/share";
import { localeAlternates } from "../../alternates";
import { describeAction } from "@/components/image-tools/describe-action";
import { toolActionOf } from "@/lib/shared/task-lineage";

export const runtime = "edge";
// Per request: visibility depends on the viewer's session.
export const dynamic = "force-dynamic";

interface SharePageProps {
  params: Promise<{ locale: string; taskId: string }>;
}

const TITLE_LENGTH = 70;

/**
 * Cached per request, so the metadata and the page read the row once. Reading the cookie never mints a session
 * here: a share page is often a crawler's first and only visit.
 */
const sharedTaskFor = cache(async (locale: string, taskId: string) => {
  const app = appForRequest();
  const cookie = (await cookies()).get(sessionCookieName(app.env.APP_URL.startsWith("https:")))?.value;
  return getSharedTask(app, locale, taskId, await verifySession(cookie, app.env.SESSION_SECRET));
});

export async function generateMetadata({ params }: SharePageProps): Promise<Metadata> {
  const { locale, taskId } = await params;
  if (!isLocale(locale)) return {};
  const shared = await sharedTaskFor(locale, taskId);
  if (!shared) return { robots: { index: false } };
  const { task, imageUrl, pageUrl } = shared;
  // A task without a prompt (an upscale, an expansion, an erase) is named by what it did.
  const text = task.prompt || describeAction(toolActionOf(task.settings, task.mask !== null), getDictionary(locale).imageTools);
  const title = text.length > TITLE_LENGTH ? `${text.slice(0, TITLE_LENGTH - 1)}…` : text;
  const description = `${modelLabel(task.model)} · ${getDictionary(locale).meta.title}`;
  // A private task is shown to its owner, but never described to crawlers.
  if (task.is_private) return { title, robots: { index: false, follow: false } };
  const images = imageUrl ? [{ url: imageUrl, alt: text }] : [];
  return {
    title,
    description,
    alternates: localeAlternates(locale, `/t/${encodeURIComponent(task.id)}`),
    openGraph: { type: "article", title, description, url: pageUrl, images },
    twitter: { card: imageUrl ? "summary_large_image" : "summary", title, description, images },
  };
}

// /[locale]/t/[taskId] – one result to share: the image, its prompt and settings, and a way to remix it.
export default async function SharePage({ params }: SharePageProps) {
  const { locale, taskId } = await params;
  if (!isLocale(locale)) notFound();
  const shared = await sharedTaskFor(locale, taskId);
  if (!shared) notFound();
  const dict = getDictionary(locale);
  return (
    <>
      <SiteHeader locale={locale} nav={dict.nav} path={`/t/${taskId}`} current={null} />
      <main id="main" className="page">
        <SharedTaskView
          task={shared.task}
          locale={locale}
          modelLabel={modelLabel(shared.task.model)}
          matchInputLabel={dict.studio.matchInputImage}
          strings={dict.share}
          taskStrings={dict.tasks}
          lineage={await shared.readLineage()}
          lineageStrings={dict.imageTools}
        />
      </main>
    </>
  );
}
