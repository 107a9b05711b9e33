"use client";

import { TaskCard } from "@/components/tasks/task-card";
import { elapsedMs, formatElapsed } from "@/components/tasks/elapsed";
import type { RemixActions } from "@/components/tasks/remix-bar";
import { useNow } from "@/components/tasks/use-now";
import { Button, ButtonLink } from "@/components/ui/button";
import type { Dictionary } from "@/lib/shared/i18n/en";
import { format } from "@/lib/shared/i18n/format";
import { isTerminal } from "@/lib/shared/task-status";
import type { TaskView } from "@/lib/shared/task-view";
import styles from "./compare-grid.module.css";
import { exactUsd, runSeconds } from "./run-figures";

export interface CompareGridProps {
  runId: string;
  prompt: string;
  isPrivate: boolean;
  /** The run's tasks as the feed keeps them (live), one per model. */
  tasks: readonly TaskView[];
  modelLabels: Readonly<Record<string, string>>;
  locale: string;
  strings: Dictionary["runs"];
  taskStrings: Dictionary["tasks"];
  errorStrings: Dictionary["errors"];
  onUpdate: (task: TaskView) => void;
  remix: RemixActions;
  onUseModel: (model: string) => void;
  onClose: () => void;
}

/** One prompt on 2–4 models side by side: each model's live card, its time from create to done, its price. */
export function CompareGrid({
  runId,
  prompt,
  isPrivate,
  tasks,
  modelLabels,
  locale,
  strings,
  taskStrings,
  errorStrings,
  onUpdate,
  remix,
  onUseModel,
  onClose,
}: CompareGridProps) {
  const now = useNow(tasks.some((task) => !isTerminal(task.status)));
  return (
    <section className={styles.run} aria-labelledby="compare-heading">
      <div className={styles.header}>
        <div className={styles.title}>
          <h2 id="compare-heading" className={styles.heading}>
            {strings.gridHeading}
          </h2>
          <p className={styles.prompt}>{format(strings.gridPrompt, { prompt })}</p>
        </div>
        <div className={styles.tools}>
          {isPrivate ? null : (
            <ButtonLink size="sm" variant="ghost" href={`/${locale}/r/${encodeURIComponent(runId)}`}>
              {strings.runPage}
            </ButtonLink>
          )}
          <Button size="sm" variant="secondary" onClick={onClose}>
            {strings.close}
          </Button>
        </div>
      </div>
      <ul className={styles.grid} role="list">
        {tasks.map((task) => {
          const label = modelLabels[task.model] ?? task.model;
          const elapsed = elapsedMs(task, now);
          return (
            <li key={task.id} id={`task-${task.id}`} className={styles.item}>
              <div className={styles.model}>
                <h3 className={styles.modelName}>{label}</h3>
                <Button size="sm" variant="primary" onClick={() => onUseModel(task.model)} aria-label={`${strings.useModel}: ${label}`}>
                  {strings.useModel}
                </Button>
              </div>
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
              {task.status === "queued" ? <p className={styles.waiting}>{strings.waiting}</p> : null}
              <TaskCard
                task={task}
                expectedImages={1}
                modelLabel={label}
                strings={taskStrings}
                starLabel={strings.star}
                errorStrings={errorStrings}
                onUpdate={onUpdate}
                locale={locale}
                remix={remix}
              />
            </li>
          );
        })}
      </ul>
    </section>
  );
}
