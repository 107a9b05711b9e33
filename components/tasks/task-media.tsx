import { AlertIcon, ExpandIcon } from "@/components/ui/result-icons";
import type { Dictionary } from "@/lib/shared/i18n/en";
import { format } from "@/lib/shared/i18n/format";
import { imageGroupLayout } from "./aspect-ratio";
import styles from "./task-media.module.css";
import type { TaskView } from "@/lib/shared/task-view";
import { isTerminal } from "@/lib/shared/task-status";

interface TaskMediaProps {
  task: TaskView;
  /** How many images a running task will produce, when this page sent it; placeholders reserve their space. */
  expectedImages: number;
  strings: Dictionary["tasks"];
  /** The person watched this task run: its image is wanted now, not when the browser gets round to it. */
  eager?: boolean;
}

/**
 * A square stage holding the images (or placeholders) in their true proportions: the space is
 * reserved before anything loads, so nothing moves, and cards line up whatever their shape.
 */
export function TaskMedia({ task, expectedImages, strings, eager = false }: TaskMediaProps) {
  const running = !isTerminal(task.status);
  const count = task.images.length > 0 ? task.images.length : running ? Math.max(1, expectedImages) : 1;
  const layout = imageGroupLayout(count, task.aspect_ratio);
  const groupStyle = { aspectRatio: layout.aspectRatio, gridTemplateColumns: `repeat(${layout.columns}, 1fr)` };
  const groupClass = `${styles.group} ${layout.wide ? styles.wide : styles.tall}`;

  if (task.images.length === 0) {
    return (
      <div className={styles.stage} aria-hidden="true">
        <div className={groupClass} style={groupStyle}>
          {Array.from({ length: count }, (_, index) => (
            <div key={index} className={`${styles.cell} ${running ? styles.pending : styles.empty}`}>
              {!running && task.status === "failed" && index === 0 ? <AlertIcon width={28} height={28} /> : null}
            </div>
          ))}
        </div>
        {running && task.progress > 0 ? <span className={styles.percent}>{Math.round(task.progress)}%</span> : null}
      </div>
    );
  }

  return (
    <div className={styles.stage}>
      <div className={groupClass} style={groupStyle}>
        {task.images.map((image, index) => (
          <a
            key={image.url}
            href={image.url}
            target="_blank"
            rel="noopener"
            className={styles.cell}
            aria-label={format(strings.openFullImage, { index: index + 1 })}
          >
            {/* eslint-disable-next-line @next/next/no-img-element -- served by our own API, no optimizer on Pages */}
            <img
              className={styles.image}
              src={image.url}
              alt={format(strings.imageAlt, { index: index + 1, prompt: task.prompt })}
              loading={eager ? "eager" : "lazy"}
              fetchPriority={eager ? "high" : "auto"}
              decoding="async"
            />
            <span className={styles.zoom} aria-hidden="true">
              <ExpandIcon />
            </span>
          </a>
        ))}
      </div>
    </div>
  );
}
