import { LogoMark } from "@/components/ui/icons";
import { GlobeIcon } from "@/components/ui/result-icons";
import type { Dictionary } from "@/lib/shared/i18n/en";
import { LOCALES, type Locale } from "@/lib/shared/i18n/locales";
import styles from "./site-header.module.css";

type Section = "studio" | "gallery";

interface SiteHeaderProps {
  locale: Locale;
  nav: Dictionary["nav"];
  /** The page's path after the locale ("" for the studio, "/gallery"), so the language switch keeps the page. */
  path: string;
  current: Section | null;
}

const SECTION_PATHS: Record<Section, string> = { studio: "", gallery: "/gallery" };

// Plain links and no client code: each page is static, so a full navigation is as fast as a client one.
export function SiteHeader({ locale, nav, path, current }: SiteHeaderProps) {
  const other = LOCALES.find((candidate) => candidate !== locale) ?? locale;
  return (
    <header className={styles.header}>
      <a className="skip-link" href="#main">
        {nav.skipToContent}
      </a>
      <div className={styles.inner}>
        <a className={styles.brand} href={`/${locale}`}>
          <LogoMark />
          <span>{nav.brand}</span>
        </a>
        <nav className={styles.nav} aria-label={nav.mainLabel}>
          <ul className={styles.links} role="list">
            {(Object.keys(SECTION_PATHS) as Section[]).map((section) => (
              <li key={section}>
                <a className={styles.link} href={`/${locale}${SECTION_PATHS[section]}`} aria-current={section === current ? "page" : undefined}>
                  {nav[section]}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <a className={styles.language} href={`/${other}${path}`} hrefLang={other} lang={other} aria-label={nav.switchLanguageLabel}>
          <GlobeIcon />
          <span>{nav.switchLanguage}</span>
        </a>
      </div>
    </header>
  );
}
