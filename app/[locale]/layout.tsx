import type { Metadata, Viewport } from "next";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { ConfigError } from "@/lib/platform/env";
import { settingsForRequest } from "@/lib/platform/request-context";
import { getDictionary } from "@/lib/shared/i18n/get-dictionary";
import { isLocale } from "@/lib/shared/i18n/locales";

interface LocaleLayoutProps {
  children: ReactNode;
  params: Promise<{ locale: string }>;
}

// next-on-pages serves every non-static route from the edge; unknown locales are a 404 below.
export const runtime = "edge";

export const viewport: Viewport = {
  themeColor: "#0a0b0f",
  colorScheme: "dark",
};

export async function generateMetadata({ params }: Omit<LocaleLayoutProps, "children">): Promise<Metadata> {
  const { locale } = await params;
  if (!isLocale(locale)) return {};
  const { meta } = getDictionary(locale);
  return {
    metadataBase: publicOrigin(),
    title: { default: meta.title, template: `%s · ${meta.title}` },
    description: meta.description,
    icons: { icon: { url: "/favicon.svg", type: "image/svg+xml" } },
  };
}

/** APP_URL: canonical and hreflang links must be absolute. A bad setting is the API's to report (every write names it). */
function publicOrigin(): URL | null {
  try {
    return new URL(settingsForRequest().APP_URL);
  } catch (error) {
    if (error instanceof ConfigError) return null;
    throw error;
  }
}

export default async function LocaleLayout({ children, params }: LocaleLayoutProps) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  return (
    <html lang={locale}>
      <body>{children}</body>
    </html>
  );
}
