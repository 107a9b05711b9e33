import type { Metadata } from "next";
import { cookies } from "next/headers";
import { notFound } from "next/navigation";
import { GalleryFeed } from "@/components/gallery/gallery-feed";
import { PageHeading } from "@/components/layout/page-heading";
import { SiteHeader } from "@/components/layout/site-header";
import { sessionCookieName, verifySession } from "@/lib/http/session";
import { appForRequest } from "@/lib/platform/request-context";
import { galleryQuerySchema } from "@/lib/shared/api/page-query";
import { getDictionary } from "@/lib/shared/i18n/get-dictionary";
import { isLocale } from "@/lib/shared/i18n/locales";
import { GALLERY_PAGE_SIZE } from "@/lib/shared/limits";
import { MODEL_CARDS } from "@/lib/shared/models/catalogue";
import type { TaskPage } from "@/lib/shared/task-view";
import { listPublicGallery } from "@/lib/tasks/read-tasks";
import { localeAlternates } from "../alternates";

interface GalleryPageProps {
  params: Promise<{ locale: string }>;
}

export async function generateMetadata({ params }: GalleryPageProps): Promise<Metadata> {
  const { locale } = await params;
  return isLocale(locale) ? { title: getDictionary(locale).gallery.heading, alternates: localeAlternates(locale, "/gallery") } : {};
}

export const runtime = "edge";
// Per request: the first page is read fresh, and whether each image is starred depends on the viewer's session.
export const dynamic = "force-dynamic";

/**
 * The gallery's first page, read as GET /api/gallery reads it (public, finished tasks; stars are the viewer's own),
 * so its first images are in the HTML rather than found after the script runs. Reading the cookie never mints a
 * session. Null when the read fails: the browser then loads the page itself and says what went wrong.
 */
async function firstGalleryPage(): Promise<TaskPage | null> {
  const app = appForRequest();
  const cookie = (await cookies()).get(sessionCookieName(app.env.APP_URL.startsWith("https:")))?.value;
  const viewerId = await verifySession(cookie, app.env.SESSION_SECRET);
  try {
    return await listPublicGallery(app, viewerId, galleryQuerySchema.parse({ limit: GALLERY_PAGE_SIZE }));
  } catch (error) {
    app.logger.warn("gallery: first page not rendered on the server", { error: error instanceof Error ? error.message : String(error) });
    return null;
  }
}

export default async function GalleryPage({ params }: GalleryPageProps) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  const dict = getDictionary(locale);
  return (
    <>
      <SiteHeader locale={locale} nav={dict.nav} path="/gallery" current="gallery" />
      <main id="main" className="page">
        <PageHeading heading={dict.gallery.heading} intro={dict.gallery.intro} />
        <GalleryFeed
          locale={locale}
          modelLabels={Object.fromEntries(Object.values(MODEL_CARDS).map((model) => [model.key, model.label]))}
          strings={dict.gallery}
          searchStrings={dict.runs}
          errorStrings={dict.errors}
          initialPage={await firstGalleryPage()}
        />
      </main>
    </>
  );
}
