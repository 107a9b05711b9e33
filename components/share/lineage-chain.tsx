import type { Dictionary } from "@/lib/shared/i18n/en";
import type { LineageLink, TaskLineage } from "@/lib/shared/task-lineage";
import type { TaskView } from "@/lib/shared/task-view";
import styles from "./lineage-chain.module.css";
import { describeAction } from "@/components/image-tools/describe-action";

interface LineageChainProps {
  task: TaskView;
  lineage: TaskLineage;
  locale: string;
  strings: Dictionary["imageTools"];
}

/**
 * Where a shared image came from (each earlier image, oldest first), this image, and what was made from it: links to
 * their share pages, as far as the viewer may see.
 */
export function LineageChain({ task, lineage, locale, strings }: LineageChainProps) {
  if (lineage.ancestors.length === 0 && lineage.children.length === 0) return null;
  const image = task.images[0];
  return (
    <nav className={styles.chain} aria-label={strings.chainLabel}>
      <h2 className={styles.heading}>{strings.chainLabel}</h2>
      <ol className={styles.steps} data-testid="lineage-chain">
        {lineage.ancestors.map((link, index) => (
          <li key={link.hidden ? `hidden-${index}` : link.id} className={styles.step}>
            <Link link={link} locale={locale} strings={strings} />
          </li>
        ))}
        <li className={`${styles.step} ${styles.current}`} aria-current="page">
          {/* eslint-disable-next-line @next/next/no-img-element -- served by our own API */}
          {image ? <img className={styles.thumb} src={image.url} alt="" /> : <span className={styles.thumb} />}
          <span className={styles.text}>{strings.chainCurrent}</span>
        </li>
      </ol>
      {lineage.children.length > 0 ? (
        <>
          <h3 className={styles.subheading}>{strings.childrenLabel}</h3>
          <ul className={styles.children} data-testid="lineage-children">
            {lineage.children.map((link, index) => (
              <li key={link.hidden ? `hidden-${index}` : link.id} className={styles.step}>
                <Link link={link} locale={locale} strings={strings} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </nav>
  );
}

function Link({ link, locale, strings }: { link: LineageLink; locale: string; strings: Dictionary["imageTools"] }) {
  if (link.hidden) {
    return (
      <>
        <span className={styles.thumb} />
        <span className={styles.text}>{strings.chainHidden}</span>
      </>
    );
  }
  return (
    <a className={styles.link} href={`/${locale}/t/${encodeURIComponent(link.id)}`}>
      {/* eslint-disable-next-line @next/next/no-img-element -- served by our own API */}
      {link.imageUrl ? <img className={styles.thumb} src={link.imageUrl} alt="" loading="lazy" /> : <span className={styles.thumb} />}
      <span className={styles.text}>
        <span className={styles.model}>{link.modelLabel}</span>
        <span className={styles.prompt}>{link.prompt || describeAction(link.action, strings)}</span>
      </span>
    </a>
  );
}
