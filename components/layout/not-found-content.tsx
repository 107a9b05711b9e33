import { buttonClass } from "@/components/ui/button";
import { en } from "@/lib/shared/i18n/en";
import { zh } from "@/lib/shared/i18n/zh";
import styles from "./not-found-content.module.css";

// A missing page has no trustworthy locale, so it speaks both languages.
export function NotFoundContent() {
  return (
    <main id="main" className={styles.main}>
      <p className={styles.code} aria-hidden="true">
        404
      </p>
      <section lang="en" className={styles.block}>
        <h1 className={styles.title}>{en.notFound.title}</h1>
        <p className={styles.body}>{en.notFound.body}</p>
        <a className={buttonClass({ variant: "primary" })} href="/en">
          {en.notFound.back}
        </a>
      </section>
      <section lang="zh" className={styles.block}>
        <h2 className={styles.title}>{zh.notFound.title}</h2>
        <p className={styles.body}>{zh.notFound.body}</p>
        <a className={buttonClass({ variant: "secondary" })} href="/zh">
          {zh.notFound.back}
        </a>
      </section>
    </main>
  );
}
