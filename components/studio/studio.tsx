"use client";

import { useCallback, useEffect, useMemo, useRef, type ReactNode } from "react";
import { ensureSession, listTasks } from "@/components/api/endpoints";
import { isTerminal, type Task, type TaskStatus } from "@/components/api/task";
import { TaskFeed } from "@/components/tasks/task-feed";
import { usePagedTasks } from "@/components/tasks/use-paged-tasks";
import { LiveRegion, useAnnouncer } from "@/components/ui/live-region";
import type { Dictionary } from "@/lib/i18n/en";
import { format } from "@/lib/i18n/format";
import { Composer } from "./composer";
import type { ModelOption } from "./model-option";
import styles from "./studio.module.css";

export interface StudioProps {
  locale: string;
  models: readonly ModelOption[];
  strings: Pick<Dictionary, "studio" | "tasks" | "errors">;
  /** Server-rendered heading of the composer column. */
  intro: ReactNode;
}

const PAGE_SIZE = 12;

const ANNOUNCEMENT: Partial<Record<TaskStatus, keyof Dictionary["tasks"]>> = {
  succeeded: "announceSucceeded",
  failed: "announceFailed",
  canceled: "announceCanceled",
};

export function Studio({ locale, models, strings, intro }: StudioProps) {
  const { message, announce } = useAnnouncer();
  const feed = usePagedTasks(listTasks, PAGE_SIZE);
  const expected = useRef(new Map<string, number>());
  const statuses = useRef(new Map<string, TaskStatus>());
  const scrollTo = useRef<string | null>(null);
  const { upsert } = feed;
  const modelLabels = useMemo(() => Object.fromEntries(models.map((model) => [model.key, model.label])), [models]);

  // The session is started on arrival, so the first generate or prompt-help click does not wait for it.
  useEffect(() => {
    void ensureSession();
  }, []);

  useEffect(() => {
    for (const task of feed.tasks) if (!statuses.current.has(task.id)) statuses.current.set(task.id, task.status);
    if (scrollTo.current) {
      document.getElementById(`task-${scrollTo.current}`)?.scrollIntoView({ block: "nearest", behavior: "smooth" });
      scrollTo.current = null;
    }
  }, [feed.tasks]);

  const onCreated = useCallback(
    (task: Task, expectedImages: number) => {
      expected.current.set(task.id, expectedImages);
      statuses.current.set(task.id, task.status);
      scrollTo.current = task.id;
      upsert(task);
      announce(format(strings.tasks.announceStarted, { prompt: task.prompt }));
    },
    [announce, strings.tasks, upsert],
  );

  const onUpdate = useCallback(
    (task: Task) => {
      const previous = statuses.current.get(task.id);
      statuses.current.set(task.id, task.status);
      const key = ANNOUNCEMENT[task.status];
      if (previous !== task.status && isTerminal(task.status) && key) {
        announce(format(strings.tasks[key] as string, { prompt: task.prompt }));
      }
      upsert(task);
    },
    [announce, strings.tasks, upsert],
  );

  return (
    <div className={styles.layout}>
      <div className={styles.composerColumn}>
        {intro}
        <Composer
          locale={locale}
          models={models}
          strings={strings.studio}
          errorStrings={strings.errors}
          onCreated={onCreated}
          onAnnounce={announce}
        />
      </div>
      <section className={styles.feedColumn} aria-labelledby="feed-heading">
        <h2 id="feed-heading" className={styles.feedHeading}>
          {strings.tasks.heading}
        </h2>
        <TaskFeed
          feed={feed}
          expectedImages={(id) => expected.current.get(id) ?? 1}
          modelLabels={modelLabels}
          strings={strings.tasks}
          errorStrings={strings.errors}
          onUpdate={onUpdate}
        />
      </section>
      <LiveRegion message={message} />
    </div>
  );
}
