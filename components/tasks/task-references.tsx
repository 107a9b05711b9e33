import type { Dictionary } from "@/lib/shared/i18n/en";
import { format } from "@/lib/shared/i18n/format";
import type { TaskView } from "@/lib/shared/task-view";
import styles from "./task-card.module.css";

/** The reference images a task's model read, numbered as its prompt names them ("image 1"), each opening full size. */
export function TaskReferences({ task, strings }: { task: TaskView; strings: Dictionary["tasks"] }) {
  if (task.input_images.length === 0) return null;
  const labelId = `task-${task.id}-references`;
  return (
    <div className={styles.references}>
      <span id={labelId} className={styles.referencesLabel}>
        {strings.referencesLabel}
      </span>
      <ol className={styles.referenceList} aria-labelledby={labelId}>
        {task.input_images.map((image, index) => (
          <li key={index}>
            <a className={styles.reference} href={image.url} target="_blank" rel="noopener">
              <img
                className={styles.referenceImage}
                src={image.url}
                alt={format(strings.referenceAlt, { index: index + 1 })}
                loading="lazy"
                decoding="async"
              />
              <span className={styles.referenceNumber} aria-hidden="true">
                {index + 1}
              </span>
            </a>
          </li>
        ))}
      </ol>
    </div>
  );
}
