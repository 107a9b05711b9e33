import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SiteHeader } from "@/components/layout/site-header";
import { SharedTaskView } from "@/components/share/shared-task-view";
import { getDictionary } from "@/lib/i18n/get-dictionary";
import { isLocale } from "@/lib/i18n/locales";
import { IMAGE_MODELS, isImageModelKey } from "@/lib/models";
import { getSharedTask } from "@/lib/tasks/share";

export const runtime = "edge";
// Per request: visibility depends on the viewer's session.
export const dynamic = "force-dynamic";

interface SharePageProps {
  params: Promise<{ locale: string; taskId: string }>;
}

const TITLE_LENGTH = 70;

export async function generateMetadata({ params }: SharePageProps): Promise<Metadata> {
  const { locale, taskId } = await params;
  if (!isLocale(locale)) return {};
  const shared = await getSharedTask(locale, taskId);
  if (!shared) return { robots: { index: false } };
  const { task, imageUrl, pageUrl } = shared;
  const title = task.prompt.length > TITLE_LENGTH ? `${task.prompt.slice(0, TITLE_LENGTH - 1)}…` : task.prompt;
  const description = `${modelLabel(task.model)} · ${getDictionary(locale).meta.title}`;
  // A private task is shown to its owner, but never described to crawlers.
  if (task.is_private) return { title, robots: { index: false, follow: false } };
  const images = imageUrl ? [{ url: imageUrl, alt: task.prompt }] : [];
  return {
    title,
    description,
    openGraph: { type: "article", title, description, url: pageUrl, images },
    twitter: { card: imageUrl ? "summary_large_image" : "summary", title, description, images },
  };
}

function modelLabel(key: string): string {
  return isImageModelKey(key) ? IMAGE_MODELS[key].label : key;
}

// /[locale]/t/[taskId] – one result to share: the image, its prompt and settings, and a way to remix it.
export default async function SharePage({ params }: SharePageProps) {
  const { locale, taskId } = await params;
  if (!isLocale(locale)) notFound();
  const shared = await getSharedTask(locale, taskId);
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
        />
      </main>
    </>
  );
}
