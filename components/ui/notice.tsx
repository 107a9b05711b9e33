import type { ReactNode } from "react";
import { AlertIcon } from "./result-icons";
import styles from "./notice.module.css";

interface NoticeProps {
  tone: "error" | "warning";
  title: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
}

export function Notice({ tone, title, children, action }: NoticeProps) {
  return (
    <div className={`${styles.notice} ${styles[tone]}`}>
      <AlertIcon className={styles.icon} />
      <div className={styles.body}>
        <p className={styles.title}>{title}</p>
        {children}
      </div>
      {action ? <div className={styles.action}>{action}</div> : null}
    </div>
  );
}
