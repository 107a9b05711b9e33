"use client";

import { useRef, useState } from "react";
import type { ApiFailure } from "@/components/api-client/api-result";
import { sendCancel, fetchTask } from "@/components/api-client/endpoints";
import { FailureNotice } from "@/components/feedback/failure-notice";
import { ClockIcon } from "@/components/ui/icons";
import { GlobeIcon, LockIcon } from "@/components/ui/result-icons";
import { ProgressBar } from "@/components/ui/progress-bar";
import type { Dictionary } from "@/lib/shared/i18n/en";
import { format } from "@/lib/shared/i18n/format";
import { elapsedMs, formatElapsed } from "./elapsed";
import styles from "./task-card.module.css";
import { CompareSlider } from "./compare-slider";
import { TaskMedia } from "./task-media";
import { useNow } from "./use-now";
import { useTaskPolling } from "./use-task-polling";
import { useTaskStream } from "./use-task-stream";
import { RemixBar, type RemixActions } from "./remix-bar";
import { TaskActions } from "./task-actions";
import { TaskLineage } from "./task-lineage";
import { TaskReferences } from "./task-references";
import { ImageTools } from "@/components/image-tools/image-tools";
import type { ImageToolsActions } from "@/components/image-tools/tool-actions";
import { PixelSize } from "@/components/image-tools/pixel-size";
import { expansionPlacement } from "@/components/image-tools/outpaint-preview";
import { describeAction } from "@/components/image-tools/describe-action";
import { toolActionOf } from "@/lib/shared/task-lineage";
import { HighlightedText } from "./highlighted-text";
import { StarButton } from "./star-button";
import type { SearchedTask } from "@/components/api-client/run-types";
import { ABORTED_CODE } from "@/lib/shared/error-codes";
import type { TaskView } from "@/lib/shared/task-view";

import { isTerminal } from "@/lib/shared/task-status";

export interface TaskCardProps {
  task: TaskView;
  expectedImages: number;
  modelLabel: string;
  strings: Dictionary["tasks"];
  /** The star's name. */
  starLabel: string;
  errorStrings: Dictionary["errors"];
  onUpdate: (task: TaskView) => void;
  /** Where links to share pages point (`/{locale}/t/{id}`). */
  locale: string;
  remix?: RemixActions;
  /** Erase or replace, expand and upscale: offered under a finished result when the studio lends them. */
  tools?: ImageToolsActions;
}

export function TaskCard({ task, expectedImages, modelLabel, strings, starLabel, errorStrings, onUpdate, locale, remix, tools }: TaskCardProps) {
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
  // A task without a prompt (an upscale, an expansion, an erase) is named by what it did.
  const title = task.prompt || (tools ? describeAction(toolActionOf(task.settings, task.mask !== null), tools.strings) : "");

  async function cancel() {
    setCancelSent(true);
    setActionFailure(null);
    const result = await sendCancel(task.id);
    if (result.ok) {
      onUpdate(result.data.task);
    } else if (result.error.status === 409) {
      // It finished meanwhile: show how it ended rather than an error.
      const fresh = await fetchTask(task.id);
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
          after={{ url: edited.url, alt: format(strings.imageAlt, { index: 1, prompt: title }) }}
          label={strings.compareLabel}
          beforeLabel={strings.before}
          afterLabel={strings.after}
          fallback={media}
          placement={expansionPlacement(task)}
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
          {tools && task.input_image ? <PixelSize task={task} strings={tools.strings} className={styles.metaItem} /> : null}
          <StarButton task={task} label={starLabel} describedBy={promptId} onUpdate={onUpdate} onFailure={setActionFailure} />
        </div>
        <p id={promptId} className={styles.prompt} title={title}>
          {/* A search's ranges mark the prompt; a task without one is titled by what it did. */}
          <HighlightedText text={title} ranges={title === task.prompt ? (task as SearchedTask).match?.ranges : undefined} />
        </p>
        <TaskReferences task={task} strings={strings} />
        <TaskLineage task={task} locale={locale} strings={strings} />
        {running ? <ProgressBar value={task.progress} label={strings.progressLabel} busy={task.progress === 0} /> : null}
        {connection.state === "retrying" ? <p className={styles.note}>{strings.reconnecting}</p> : null}
        {connection.state === "lost" ? <FailureNotice failure={connection.failure} strings={errorStrings} /> : null}
        {failure ? <FailureNotice failure={failure} strings={errorStrings} /> : null}
        {task.status === "canceled" && task.error?.code === ABORTED_CODE ? <p className={styles.note}>{strings.aborted}</p> : null}
        {actionFailure ? <FailureNotice failure={actionFailure} strings={errorStrings} /> : null}
        <TaskActions task={task} modelLabel={modelLabel} strings={strings} canceling={canceling} onCancel={cancel} />
        {remix && isTerminal(task.status) ? <RemixBar task={task} locale={locale} strings={strings} remix={remix} onVary={vary} /> : null}
        {tools && task.status === "succeeded" && task.images.length > 0 ? <ImageTools task={task} tools={tools} /> : null}
      </div>
    </article>
  );
}
