import { NotFoundContent } from "@/components/layout/not-found-content";

// notFound() thrown by a page under a locale renders inside app/[locale]/layout.tsx, which already has <html>.
export default function LocaleNotFound() {
  return <NotFoundContent />;
}
