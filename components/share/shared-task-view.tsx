import { CompareSlider } from "@/components/tasks/compare-slider";
import { ButtonLink } from "@/components/ui/button";
import type { Dictionary } from "@/lib/shared/i18n/en";
import { format } from "@/lib/shared/i18n/format";
import styles from "./shared-task-view.module.css";
import type { TaskView } from "@/lib/shared/task-view";
import type { TaskLineage } from "@/lib/shared/task-lineage";
import { LineageChain } from "./lineage-chain";
import { expansionPlacement } from "@/components/image-tools/outpaint-preview";
import { describeAction } from "@/components/image-tools/describe-action";
import { toolActionOf } from "@/lib/shared/task-lineage";

interface SharedTaskViewProps {
  task: TaskView;
  locale: string;
  modelLabel: string;
  /** The studio's name for FLUX Kontext's `match_input_image` (the edited image's own ratio). */
  matchInputLabel: string;
  strings: Dictionary["share"];
  taskStrings: Dictionary["tasks"];
  lineage: TaskLineage;
  lineageStrings: Dictionary["imageTools"];
}

/** A shared result: the image (before/after for an edit), its prompt and settings, and "Remix". */
export function SharedTaskView({ task, locale, modelLabel, matchInputLabel, strings, taskStrings, lineage, lineageStrings }: SharedTaskViewProps) {
  const image = task.images[0];
  const title = task.prompt || describeAction(toolActionOf(task.settings, task.mask !== null), lineageStrings);
  const alt = format(taskStrings.imageAlt, { index: 1, prompt: title });
  const picture = image ? (
    // eslint-disable-next-line @next/next/no-img-element -- served by our own API
    <img className={styles.image} src={image.url} alt={alt} />
  ) : (
    <div className={styles.placeholder}>{taskStrings.status[task.status]}</div>
  );
  return (
    <article className={styles.layout}>
      <div className={styles.media}>
        {image && task.input_image ? (
          <CompareSlider
            before={{ url: task.input_image.url, alt: taskStrings.before }}
            after={{ url: image.url, alt }}
            label={taskStrings.compareLabel}
            beforeLabel={taskStrings.before}
            afterLabel={taskStrings.after}
            fallback={picture}
            placement={expansionPlacement(task)}
          />
        ) : (
          picture
        )}
      </div>
      <div className={styles.details}>
        <h1 className={styles.prompt}>{title}</h1>
        <p className={styles.provenance} data-testid="ai-generated">
          {format(taskStrings.aiGenerated, { model: modelLabel })}
        </p>
        <dl className={styles.facts}>
          <dt>{strings.model}</dt>
          <dd>{modelLabel}</dd>
          <dt>{strings.shape}</dt>
          <dd>{task.aspect_ratio === "match_input_image" ? matchInputLabel : task.aspect_ratio}</dd>
          <dt>{strings.seed}</dt>
          <dd>
            {task.seed ?? strings.unknownSeed}
            {task.seed !== null && !task.seed_reproducible ? <span className={styles.note}> ({taskStrings.seedNotExact})</span> : null}
          </dd>
        </dl>
        <SharedReferences task={task} strings={strings} taskStrings={taskStrings} />
        {task.parent_id ? (
          <p className={styles.parent}>
            {task.input_image ? `${strings.edited} · ` : null}
            <a href={`/${locale}/t/${encodeURIComponent(task.parent_id)}`}>{strings.parent}</a>
          </p>
        ) : null}
        <LineageChain task={task} lineage={lineage} locale={locale} strings={lineageStrings} />
        <ButtonLink variant="primary" href={`/${locale}?remix=${encodeURIComponent(task.id)}`}>
          {strings.remix}
        </ButtonLink>
      </div>
    </article>
  );
}

/**
 * The references a shared task read, numbered as its prompt names them. Results of tasks are shown (each follows its
 * own visibility); uploads are their owner's alone, so a visitor sees how many there were, not the images.
 */
function SharedReferences({ task, strings, taskStrings }: Pick<SharedTaskViewProps, "task" | "strings" | "taskStrings">) {
  if (task.input_images.length === 0) return null;
  const uploaded = task.input_images.filter((image) => image.ref.startsWith("upl_")).length;
  return (
    <section className={styles.references} aria-label={strings.references}>
      <ol className={styles.referenceList}>
        {task.input_images.map((image, index) =>
          image.ref.startsWith("task:") ? (
            <li key={image.ref}>
              <a href={image.url} target="_blank" rel="noopener">
                {/* eslint-disable-next-line @next/next/no-img-element -- served by our own API */}
                <img className={styles.referenceImage} src={image.url} alt={format(taskStrings.referenceAlt, { index: index + 1 })} loading="lazy" />
                <span className={styles.referenceNumber}>{index + 1}</span>
              </a>
            </li>
          ) : null,
        )}
      </ol>
      {uploaded > 0 ? <p className={styles.note}>{format(strings.uploadedReferences, { count: uploaded })}</p> : null}
    </section>
  );
}
