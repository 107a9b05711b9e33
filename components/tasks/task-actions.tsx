import { Button, ButtonLink } from "@/components/ui/button";
import { DownloadIcon, ExpandIcon } from "@/components/ui/result-icons";
import type { Dictionary } from "@/lib/shared/i18n/en";
import { format } from "@/lib/shared/i18n/format";
import { isTerminal } from "@/lib/shared/task-status";
import type { TaskView } from "@/lib/shared/task-view";
import styles from "./task-card.module.css";

interface TaskActionsProps {
  task: TaskView;
  /** Names the model in each download's file name and title: the file says it is AI-generated. */
  modelLabel: string;
  strings: Dictionary["tasks"];
  canceling: boolean;
  onCancel: () => void;
}

/** Cancel while it runs; then download or open each image. */
export function TaskActions({ task, modelLabel, strings, canceling, onCancel }: TaskActionsProps) {
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
          download={`ai-generated-${task.model}-${task.id}-${index + 1}`}
          title={format(strings.aiGenerated, { model: modelLabel })}
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
