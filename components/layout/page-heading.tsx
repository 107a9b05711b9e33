import styles from "./page-heading.module.css";

export function PageHeading({ heading, intro }: { heading: string; intro: string }) {
  return (
    <div className={styles.heading}>
      <h1 className={styles.title}>{heading}</h1>
      <p className={styles.intro}>{intro}</p>
    </div>
  );
}
