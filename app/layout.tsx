import type { ReactNode } from "react";
import "./globals.css";

// The <html> element lives in app/[locale]/layout.tsx, where the language is known; this layout only
// exists so that app/page.tsx and app/not-found.tsx have a parent.
export default function RootLayout({ children }: { children: ReactNode }) {
  return children;
}
