import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeading } from "@/components/layout/page-heading";
import { SiteHeader } from "@/components/layout/site-header";
import { Studio } from "@/components/studio/studio";
import { ConfigError } from "@/lib/platform/env";
import { settingsForRequest } from "@/lib/platform/request-context";
import { getDictionary } from "@/lib/shared/i18n/get-dictionary";
import { isLocale } from "@/lib/shared/i18n/locales";
import { modelOptions } from "@/lib/shared/models/options";
import { localeAlternates } from "./alternates";

// The shell renders at the edge; tasks are loaded by the browser from /api.
export const runtime = "edge";

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const { locale } = await params;
  return isLocale(locale) ? { alternates: localeAlternates(locale, "") } : {};
}

export default async function StudioPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  const dict = getDictionary(locale);
  return (
    <>
      <SiteHeader locale={locale} nav={dict.nav} path="" current="studio" />
      <main id="main" className="page">
        <Studio
          locale={locale}
          models={modelOptions(dict, locale, chargedPrices())}
          strings={{ studio: dict.studio, tasks: dict.tasks, errors: dict.errors, imageTools: dict.imageTools, runs: dict.runs }}
          intro={<PageHeading heading={dict.studio.heading} intro={dict.studio.intro} />}
        />
      </main>
    </>
  );
}

/** The prices the server charges (MODEL_PRICES_USD). A bad setting is the API's to report (every write names it). */
function chargedPrices(): Partial<Record<string, number>> {
  try {
    return settingsForRequest().MODEL_PRICES_USD;
  } catch (error) {
    if (error instanceof ConfigError) return {};
    throw error;
  }
}
