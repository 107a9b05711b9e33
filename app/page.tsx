import { redirect } from "next/navigation";
import { DEFAULT_LOCALE } from "@/lib/shared/i18n/locales";

// middleware.ts answers "/" with the visitor's language; this is the fallback when it did not run.
export default function RootPage(): never {
  redirect(`/${DEFAULT_LOCALE}`);
}
