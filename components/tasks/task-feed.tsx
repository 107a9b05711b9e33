"use client";

import { lazy, Suspense, useEffect } from "react";
import type { Dictionary } from "@/lib/shared/i18n/en";
import type { RemixActions } from "./remix-bar";
import type { ImageToolsActions } from "@/components/image-tools/tool-actions";
import { PagedFeedFooter } from "@/components/tasks/paged-feed-footer";
import styles from "./task-feed.module.css";
import type { PagedTasks } from "./use-paged-tasks";
import type { TaskView } from "@/lib/shared/task-view";

// The cards render only once the browser has fetched the tasks, so their code need not be in the first load (whose
// budget is tight): it is fetched alongside the tasks, when the feed mounts.
const taskCard = () => import("./task-card");
const TaskCard = lazy(() => taskCard().then((module) => ({ default: module.TaskCard })));

interface TaskFeedProps {
  feed: PagedTasks;
  expectedImages: (taskId: string) => number;
  modelLabels: Readonly<Record<string, string>>;
  strings: Dictionary["tasks"];
  starLabel: string;
  /** Said instead of the history's empty text (e.g. when a search finds nothing); null says nothing. */
  emptyText?: string | null;
  errorStrings: Dictionary["errors"];
  onUpdate: (task: TaskView) => void;
  locale: string;
  remix?: RemixActions;
  tools?: ImageToolsActions;
}

/** The person's own tasks, newest first: live cards for those still running, history below. */
export function TaskFeed({
  feed,
  expectedImages,
  modelLabels,
  strings,
  starLabel,
  emptyText,
  errorStrings,
  onUpdate,
  locale,
  remix,
  tools,
}: TaskFeedProps) {
  const { tasks, load } = feed;
  useEffect(() => void taskCard(), []);
  return (
    <div className={styles.feed}>
      {tasks.length > 0 ? (
        <ul className={styles.grid} role="list">
          {tasks.map((task) => (
            <li key={task.id} id={`task-${task.id}`} className={styles.item}>
              <Suspense fallback={<div className={styles.skeleton} />}>
                <TaskCard
                  task={task}
                  expectedImages={expectedImages(task.id)}
                  modelLabel={modelLabels[task.model] ?? task.model}
                  strings={strings}
                  starLabel={starLabel}
                  errorStrings={errorStrings}
                  onUpdate={onUpdate}
                  locale={locale}
                  remix={remix}
                  tools={tools}
                />
              </Suspense>
            </li>
          ))}
        </ul>
      ) : null}
      {load.state === "loading" && tasks.length === 0 ? (
        <div className={styles.skeletons} aria-hidden="true">
          <div className={styles.skeleton} />
          <div className={styles.skeleton} />
        </div>
      ) : null}
      {load.state === "loading" ? <p className="sr-only">{strings.loading}</p> : null}
      {load.state === "ready" && tasks.length === 0 && emptyText !== null ? <p className={styles.empty}>{emptyText ?? strings.empty}</p> : null}
      <PagedFeedFooter feed={feed} strings={strings} errorStrings={errorStrings} />
    </div>
  );
}
