import { cssAspectRatio } from "@/components/tasks/aspect-ratio";
import { elapsedMs, formatElapsed } from "@/components/tasks/elapsed";
import { ButtonLink } from "@/components/ui/button";
import type { Dictionary } from "@/lib/shared/i18n/en";
import { format } from "@/lib/shared/i18n/format";
import type { TaskView } from "@/lib/shared/task-view";
import { exactUsd, runSeconds } from "./run-figures";
import styles from "./shared-run-view.module.css";

interface SharedRunViewProps {
  tasks: readonly TaskView[];
  heading: string;
  locale: string;
  modelLabels: Readonly<Record<string, string>>;
  strings: Dictionary["runs"];
  taskStrings: Dictionary["tasks"];
  shareStrings: Dictionary["share"];
}

/** A run's page: its tasks side by side, each with its model, time from create to done, price and its own page. */
export function SharedRunView({ tasks, heading, locale, modelLabels, strings, taskStrings, shareStrings }: SharedRunViewProps) {
  const prompts = new Set(tasks.map((task) => task.prompt));
  return (
    <article className={styles.run}>
      <header className={styles.header}>
        <h1 className={styles.heading}>{heading}</h1>
        {prompts.size === 1 ? <p className={styles.prompt}>{format(strings.gridPrompt, { prompt: tasks[0]?.prompt ?? "" })}</p> : null}
      </header>
      <ul className={styles.grid} role="list">
        {tasks.map((task) => {
          const label = modelLabels[task.model] ?? task.model;
          const image = task.status === "succeeded" ? task.images[0] : undefined;
          const elapsed = task.completed_at ? elapsedMs(task, Date.now()) : null;
          return (
            <li key={task.id} className={styles.item}>
              <div
                className={styles.media}
                style={{ aspectRatio: image?.width && image.height ? `${image.width} / ${image.height}` : cssAspectRatio(task.aspect_ratio) }}
              >
                {image ? (
                  // eslint-disable-next-line @next/next/no-img-element -- served by our own API
                  <img className={styles.image} src={image.url} alt={format(taskStrings.imageAlt, { index: 1, prompt: task.prompt })} />
                ) : (
                  <span className={styles.status}>{taskStrings.status[task.status]}</span>
                )}
              </div>
              <h2 className={styles.model}>{label}</h2>
              {prompts.size > 1 ? <p className={styles.taskPrompt}>{task.prompt}</p> : null}
              <dl className={styles.figures}>
                <div>
                  <dt>{strings.timeToDone}</dt>
                  <dd>{elapsed === null ? "—" : runSeconds(elapsed, formatElapsed)}</dd>
                </div>
                <div>
                  <dt>{strings.price}</dt>
                  <dd>{task.cost_usd === null ? strings.notCharged : exactUsd(task.cost_usd, locale)}</dd>
                </div>
              </dl>
              <p className={styles.provenance}>{format(taskStrings.aiGenerated, { model: label })}</p>
              <div className={styles.actions}>
                {image ? (
                  <ButtonLink
                    size="sm"
                    variant="secondary"
                    href={`/${locale}/t/${encodeURIComponent(task.id)}`}
                    aria-label={`${taskStrings.share}: ${label}`}
                  >
                    {taskStrings.share}
                  </ButtonLink>
                ) : null}
                <ButtonLink
                  size="sm"
                  variant="ghost"
                  href={`/${locale}?remix=${encodeURIComponent(task.id)}`}
                  aria-label={`${shareStrings.remix}: ${label}`}
                >
                  {shareStrings.remix}
                </ButtonLink>
              </div>
            </li>
          );
        })}
      </ul>
    </article>
  );
}
