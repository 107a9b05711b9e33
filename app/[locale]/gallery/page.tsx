import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { GalleryFeed } from "@/components/gallery/gallery-feed";
import { PageHeading } from "@/components/layout/page-heading";
import { SiteHeader } from "@/components/layout/site-header";
import { getDictionary } from "@/lib/shared/i18n/get-dictionary";
import { isLocale } from "@/lib/shared/i18n/locales";
import { MODEL_CARDS } from "@/lib/shared/models/catalogue";
import { localeAlternates } from "../alternates";

interface GalleryPageProps {
  params: Promise<{ locale: string }>;
}

export async function generateMetadata({ params }: GalleryPageProps): Promise<Metadata> {
  const { locale } = await params;
  return isLocale(locale) ? { title: getDictionary(locale).gallery.heading, alternates: localeAlternates(locale, "/gallery") } : {};
}

// The public images are fetched by the browser from /api/gallery.
export const runtime = "edge";

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
        />
      </main>
    </>
  );
}
