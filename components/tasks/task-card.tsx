"use client";

import { useRef, useState } from "react";
import type { ApiFailure } from "@/components/api/api-result";
import { cancelTask, getTask } from "@/components/api/endpoints";
import { isTerminal, type Task } from "@/components/api/task";
import { FailureNotice } from "@/components/feedback/failure-notice";
import { Button, ButtonLink } from "@/components/ui/button";
import { ClockIcon, DownloadIcon, ExpandIcon, GlobeIcon, LockIcon } from "@/components/ui/icons";
import { ProgressBar } from "@/components/ui/progress-bar";
import { ABORTED_CODE } from "@/components/api/task";
import type { Dictionary } from "@/lib/i18n/en";
import { format } from "@/lib/i18n/format";
import { elapsedMs, formatElapsed } from "./elapsed";
import styles from "./task-card.module.css";
import { CompareSlider } from "./compare-slider";
import { TaskMedia } from "./task-media";
import { useNow } from "./use-now";
import { useTaskPolling } from "./use-task-polling";
import { useTaskStream } from "./use-task-stream";

export interface TaskCardProps {
  task: Task;
  expectedImages: number;
  modelLabel: string;
  strings: Dictionary["tasks"];
  errorStrings: Dictionary["errors"];
  onUpdate: (task: Task) => void;
  /** Where links to share pages point (`/{locale}/t/{id}`). */
  locale: string;
  remix?: RemixActions;
}

/** What the studio does for "Use these settings", "Vary" and "Edit this image". */
export interface RemixActions {
  applySettings: (task: Task) => void;
  vary: (task: Task) => Promise<ApiFailure | null>;
  edit: (task: Task, index: number) => void;
}

export function TaskCard({ task, expectedImages, modelLabel, strings, errorStrings, onUpdate, locale, remix }: TaskCardProps) {
  const running = !isTerminal(task.status);
  const watchedRunning = useRef(running).current;
  const feed = useTaskStream(task, onUpdate);
  const connection = useTaskPolling(task, onUpdate, feed === "polling");
  const now = useNow(running);
  const elapsed = elapsedMs(task, now);
  const [cancelSent, setCancelSent] = useState(false);
  const canceling = running && (cancelSent || task.cancel_requested);
  const [actionFailure, setActionFailure] = useState<ApiFailure | null>(null);
  const promptId = `task-${task.id}-prompt`;

  async function cancel() {
    setCancelSent(true);
    setActionFailure(null);
    const result = await cancelTask(task.id);
    if (result.ok) {
      onUpdate(result.data.task);
    } else if (result.error.status === 409) {
      // It finished meanwhile: show how it ended rather than an error.
      const fresh = await getTask(task.id);
      if (fresh.ok) onUpdate(fresh.data.task);
    } else {
      setActionFailure(result.error);
    }
    setCancelSent(false);
  }

  async function vary() {
    if (!remix) return;
    setActionFailure(null);
    setActionFailure(await remix.vary(task));
  }

  const failure = task.status === "failed" ? (task.error ?? { code: "unknown", message: "" }) : null;
  const media = <TaskMedia task={task} expectedImages={expectedImages} strings={strings} eager={watchedRunning} />;
  const edited = task.input_image && task.images[0] ? task.images[0] : null;
  return (
    <article className={styles.card} aria-labelledby={promptId} aria-busy={running}>
      {edited && task.input_image ? (
        <CompareSlider
          before={{ url: task.input_image.url, alt: strings.before }}
          after={{ url: edited.url, alt: format(strings.imageAlt, { index: 1, prompt: task.prompt }) }}
          label={strings.compareLabel}
          beforeLabel={strings.before}
          afterLabel={strings.after}
          fallback={media}
        />
      ) : (
        media
      )}
      <div className={styles.body}>
        <div className={styles.meta}>
          <span className={`${styles.status} ${styles[task.status]}`}>{canceling ? strings.canceling : strings.status[task.status]}</span>
          <span className={styles.metaItem}>{modelLabel}</span>
          {elapsed !== null ? (
            <span className={styles.metaItem}>
              <ClockIcon width={13} height={13} />
              <span className="sr-only">{strings.elapsedLabel}: </span>
              <time dateTime={`PT${Math.floor(elapsed / 1000)}S`}>{formatElapsed(elapsed)}</time>
            </span>
          ) : null}
          <span className={styles.metaItem} title={task.is_private ? strings.private : strings.public}>
            {task.is_private ? <LockIcon width={13} height={13} /> : <GlobeIcon width={13} height={13} />}
            <span className="sr-only">{task.is_private ? strings.private : strings.public}</span>
          </span>
        </div>
        <p id={promptId} className={styles.prompt} title={task.prompt}>
          {task.prompt}
        </p>
        <TaskLineage task={task} locale={locale} strings={strings} />
        {running ? <ProgressBar value={task.progress} label={strings.progressLabel} busy={task.progress === 0} /> : null}
        {connection.state === "retrying" ? <p className={styles.note}>{strings.reconnecting}</p> : null}
        {connection.state === "lost" ? <FailureNotice failure={connection.failure} strings={errorStrings} /> : null}
        {failure ? <FailureNotice failure={failure} strings={errorStrings} /> : null}
        {task.status === "canceled" && task.error?.code === ABORTED_CODE ? <p className={styles.note}>{strings.aborted}</p> : null}
        {actionFailure ? <FailureNotice failure={actionFailure} strings={errorStrings} /> : null}
        <TaskActions task={task} strings={strings} canceling={canceling} onCancel={cancel} />
        {remix && isTerminal(task.status) ? <RemixBar task={task} locale={locale} strings={strings} remix={remix} onVary={vary} /> : null}
      </div>
    </article>
  );
}

/** The seed (and whether it reproduces exactly) and a link to the task this one came from. */
function TaskLineage({ task, locale, strings }: { task: Task; locale: string; strings: Dictionary["tasks"] }) {
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

interface RemixBarProps {
  task: Task;
  locale: string;
  strings: Dictionary["tasks"];
  remix: RemixActions;
  onVary: () => void;
}

function RemixBar({ task, locale, strings, remix, onVary }: RemixBarProps) {
  const succeeded = task.status === "succeeded" && task.images.length > 0;
  return (
    <div className={styles.actions}>
      <Button size="sm" variant="ghost" onClick={() => remix.applySettings(task)}>
        {strings.useSettings}
      </Button>
      <Button size="sm" variant="ghost" onClick={onVary} title={strings.varyHint}>
        {strings.vary}
      </Button>
      {succeeded && task.images.length === 1 ? (
        <Button size="sm" variant="ghost" onClick={() => remix.edit(task, 0)}>
          {strings.edit}
        </Button>
      ) : null}
      {succeeded && task.images.length > 1
        ? task.images.map((image, index) => (
            <Button key={image.url} size="sm" variant="ghost" onClick={() => remix.edit(task, index)}>
              {format(strings.editNumbered, { index: index + 1 })}
            </Button>
          ))
        : null}
      {succeeded && !task.is_private ? (
        <ButtonLink size="sm" variant="ghost" href={`/${locale}/t/${encodeURIComponent(task.id)}`}>
          {strings.share}
        </ButtonLink>
      ) : null}
    </div>
  );
}

interface TaskActionsProps {
  task: Task;
  strings: Dictionary["tasks"];
  canceling: boolean;
  onCancel: () => void;
}

function TaskActions({ task, strings, canceling, onCancel }: TaskActionsProps) {
  if (!isTerminal(task.status)) {
    return (
      <div className={styles.actions}>
        <Button size="sm" variant="danger" onClick={onCancel} disabled={canceling} aria-describedby={`task-${task.id}-prompt`}>
          {canceling ? strings.canceling : strings.cancel}
        </Button>
      </div>
    );
  }
  if (task.images.length === 0) return null;
  const single = task.images.length === 1;
  return (
    <div className={styles.actions}>
      {task.images.map((image, index) => (
        <ButtonLink
          key={image.url}
          size="sm"
          variant="secondary"
          href={image.url}
          download={`flux-${task.id}-${index + 1}`}
          aria-label={single ? undefined : format(strings.downloadImage, { index: index + 1 })}
        >
          <DownloadIcon />
          {single ? strings.download : index + 1}
        </ButtonLink>
      ))}
      {single && task.images[0] ? (
        <ButtonLink size="sm" variant="ghost" href={task.images[0].url} target="_blank" rel="noopener">
          <ExpandIcon />
          {strings.openFull}
        </ButtonLink>
      ) : null}
    </div>
  );
}
