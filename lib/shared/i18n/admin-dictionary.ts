import { adminEn, type AdminDictionary } from "./admin-en";
import { adminZh } from "./admin-zh";
import type { Locale } from "./locales";

const ADMIN_DICTIONARIES: Record<Locale, AdminDictionary> = { en: adminEn, zh: adminZh };

// Server-side only, like getDictionary: the dashboard renders on the server.
export function getAdminDictionary(locale: Locale): AdminDictionary {
  return ADMIN_DICTIONARIES[locale];
}

export type { AdminDictionary };
