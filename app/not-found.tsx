import type { Metadata } from "next";
import { NotFoundContent } from "@/components/layout/not-found-content";
import { en } from "@/lib/shared/i18n/en";
import { zh } from "@/lib/shared/i18n/zh";

export const metadata: Metadata = {
  title: `${en.notFound.title} · ${zh.notFound.title}`,
  icons: { icon: { url: "/favicon.svg", type: "image/svg+xml" } },
};

// Unmatched URLs render here, outside app/[locale]/layout.tsx, so this page brings its own <html>.
export default function GlobalNotFound() {
  return (
    <html lang="en">
      <body>
        <NotFoundContent />
      </body>
    </html>
  );
}
