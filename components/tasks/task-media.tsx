import { isTerminal, type Task } from "@/components/api/task";
import { AlertIcon, ExpandIcon } from "@/components/ui/icons";
import type { Dictionary } from "@/lib/i18n/en";
import { format } from "@/lib/i18n/format";
import { cssAspectRatio } from "./aspect-ratio";
import styles from "./task-media.module.css";

interface TaskMediaProps {
  task: Task;
  /** How many images a running task will produce, when this page sent it; placeholders reserve their space. */
  expectedImages: number;
  strings: Dictionary["tasks"];
}

/** The task's images, or placeholders of the same shape, so nothing moves when they arrive. */
export function TaskMedia({ task, expectedImages, strings }: TaskMediaProps) {
  const aspectRatio = cssAspectRatio(task.aspect_ratio);
  const running = !isTerminal(task.status);
  const count = task.images.length > 0 ? task.images.length : running ? Math.max(1, expectedImages) : 1;
  const gridClass = count > 1 ? `${styles.grid} ${styles.multi}` : styles.grid;

  if (task.images.length === 0) {
    return (
      <div className={gridClass} aria-hidden="true">
        {Array.from({ length: count }, (_, index) => (
          <div
            key={index}
            className={running ? `${styles.cell} ${styles.pending}` : `${styles.cell} ${styles.empty}`}
            style={{ aspectRatio }}
          >
            {running ? (
              <span className={styles.percent}>{task.progress > 0 ? `${Math.round(task.progress)}%` : null}</span>
            ) : task.status === "failed" ? (
              <AlertIcon width={28} height={28} />
            ) : null}
          </div>
        ))}
      </div>
    );
  }

  return (
    <div className={gridClass}>
      {task.images.map((image, index) => (
        <a
          key={image.url}
          href={image.url}
          target="_blank"
          rel="noopener"
          className={styles.cell}
          style={{ aspectRatio }}
          aria-label={format(strings.openFullImage, { index: index + 1 })}
        >
          {/* eslint-disable-next-line @next/next/no-img-element -- served by our own API, no optimizer on Pages */}
          <img
            className={styles.image}
            src={image.url}
            alt={format(strings.imageAlt, { index: index + 1, prompt: task.prompt })}
            loading="lazy"
            decoding="async"
          />
          <span className={styles.zoom} aria-hidden="true">
            <ExpandIcon />
          </span>
        </a>
      ))}
    </div>
  );
}
