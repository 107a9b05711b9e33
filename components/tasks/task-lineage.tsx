import type { Dictionary } from "@/lib/shared/i18n/en";
import { format } from "@/lib/shared/i18n/format";
import type { TaskView } from "@/lib/shared/task-view";
import styles from "./task-card.module.css";

/** The seed (and whether it reproduces exactly) and a link to the task this one came from. */
export function TaskLineage({ task, locale, strings }: { task: TaskView; locale: string; strings: Dictionary["tasks"] }) {
  if (task.seed === null && task.parent_id === null) return null;
  return (
    <p className={styles.lineage}>
      {task.seed !== null ? (
        <span className={styles.metaItem} title={task.seed_reproducible ? undefined : strings.seedNotExact}>
          {format(strings.seed, { seed: task.seed })}
          {task.seed_reproducible ? null : (
            <>
              <span aria-hidden="true">≈</span>
              <span className="sr-only">{strings.seedNotExact}</span>
            </>
          )}
        </span>
      ) : null}
      {task.parent_id !== null ? (
        <a className={styles.parentLink} href={`/${locale}/t/${encodeURIComponent(task.parent_id)}`}>
          {strings.fromParent}
        </a>
      ) : null}
    </p>
  );
}
