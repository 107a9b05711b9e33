import type { ApiFailure } from "@/components/api-client/api-result";
import { Button, ButtonLink } from "@/components/ui/button";
import type { Dictionary } from "@/lib/shared/i18n/en";
import { format } from "@/lib/shared/i18n/format";
import type { TaskView } from "@/lib/shared/task-view";
import styles from "./task-card.module.css";

/** What the studio does for "Use these settings", "Vary", "Edit this image" and "Use as reference". */
export interface RemixActions {
  applySettings: (task: TaskView) => void;
  /** Whether the composer offers the task's model (an erase, expansion or upscale is made from its card instead). */
  composes: (task: TaskView) => boolean;
  vary: (task: TaskView) => Promise<ApiFailure | null>;
  edit: (task: TaskView, index: number) => void;
  /** Absent when no model reads reference images. */
  reference?: (task: TaskView, index: number) => void;
}

interface RemixBarProps {
  task: TaskView;
  locale: string;
  strings: Dictionary["tasks"];
  remix: RemixActions;
  onVary: () => void;
}

/** "Use these settings", "Vary", "Edit" and "Use as reference" (each image) and "Share" under a finished task. */
export function RemixBar({ task, locale, strings, remix, onVary }: RemixBarProps) {
  const succeeded = task.status === "succeeded" && task.images.length > 0;
  const { reference } = remix;
  return (
    <div className={styles.actions}>
      {remix.composes(task) ? (
        <Button size="sm" variant="ghost" onClick={() => remix.applySettings(task)}>
          {strings.useSettings}
        </Button>
      ) : null}
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
      {succeeded && reference && task.images.length === 1 ? (
        <Button size="sm" variant="ghost" onClick={() => reference(task, 0)}>
          {strings.useAsReference}
        </Button>
      ) : null}
      {succeeded && reference && task.images.length > 1
        ? task.images.map((image, index) => (
            <Button key={image.url} size="sm" variant="ghost" onClick={() => reference(task, index)}>
              {format(strings.useAsReferenceNumbered, { index: index + 1 })}
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
