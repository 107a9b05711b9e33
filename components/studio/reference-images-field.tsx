"use client";

import { useRef, type DragEvent } from "react";
import { classifyFailure } from "@/components/api-client/classify-failure";
import { FailureNotice } from "@/components/feedback/failure-notice";
import { ChevronIcon } from "@/components/ui/icons";
import type { Dictionary } from "@/lib/shared/i18n/en";
import { format } from "@/lib/shared/i18n/format";
import { uploadHint } from "./input-image-field";
import { addReferences, moveReference, type PickedImage, removeReference, withSize } from "./reference-list";
import fieldStyles from "./input-image-field.module.css";
import styles from "./reference-images-field.module.css";
import { UploadButton } from "./upload-button";
import { useImageUploads } from "./use-image-uploads";

type ListChange = (list: readonly PickedImage[]) => readonly PickedImage[];

interface ReferenceImagesFieldProps {
  images: readonly PickedImage[];
  /** How many the model reads. */
  max: number;
  modelLabel: string;
  /** What the field last had to refuse or drop, shown until the list changes. */
  note: string | null;
  strings: Dictionary["studio"];
  errorStrings: Dictionary["errors"];
  /** Changes are functions of the latest list: uploads finish one after another, after renders. */
  onChange: (change: ListChange) => void;
  /** Shows and announces what was refused; `null` clears it. */
  onNote: (note: string | null) => void;
  onAnnounce: (message: string) => void;
}

const DRAG_TYPE = "application/x-flux-reference";

/**
 * The images a model reads besides the prompt, numbered in order so the prompt can say "image 1": added by dropping,
 * pasting or picking (or "Use as reference" on a result), reordered with buttons (or by dragging) and removed.
 */
export function ReferenceImagesField({
  images,
  max,
  modelLabel,
  note,
  strings,
  errorStrings,
  onChange,
  onNote,
  onAnnounce,
}: ReferenceImagesFieldProps) {
  // Uploads finish after renders: what they add is checked against the list as it is then.
  const latest = useRef(images);
  latest.current = images;
  const full = images.length >= max;
  const fullNote = format(strings.referencesFull, { model: modelLabel, max });

  const { pending, failure, dragging, add, zone } = useImageUploads(
    (files, uploading) => {
      const room = Math.max(0, max - latest.current.length - uploading);
      if (files.length > room) onNote(format(room === 0 ? strings.referencesFull : strings.referencesRefused, { model: modelLabel, max }));
      return files.slice(0, room);
    },
    (image) => append(image),
    (refused) => onAnnounce(errorStrings[classifyFailure(refused)].title),
  );

  function append(image: PickedImage) {
    const result = addReferences(latest.current, [image], max);
    onChange((list) => addReferences(list, [image], max).list);
    if (result.added > 0) onAnnounce(format(strings.referenceAdded, { index: result.list.length }));
    else if (result.duplicateOf !== null) onNote(format(strings.referenceDuplicate, { index: result.duplicateOf + 1 }));
    else onNote(fullNote);
  }

  function move(from: number, to: number, focus: "earlier" | "later") {
    if (to < 0 || to >= images.length) return;
    onChange((list) => moveReference(list, from, to));
    onNote(null);
    onAnnounce(format(strings.referenceMoved, { index: to + 1 }));
    // Focus follows the image; at an end, where its button is now disabled, the other direction's.
    const button = focus === "earlier" && to === 0 ? "later" : focus === "later" && to === images.length - 1 ? "earlier" : focus;
    requestAnimationFrame(() => document.getElementById(`reference-${to}-${button}`)?.focus());
  }

  function remove(index: number) {
    onChange((list) => removeReference(list, index));
    onNote(null);
    onAnnounce(format(strings.referenceRemoved, { index: index + 1 }));
    const next = images.length > 1 ? `reference-${Math.min(index, images.length - 2)}-remove` : "reference-add";
    requestAnimationFrame(() => document.getElementById(next)?.focus());
  }

  const onItemDrop = (event: DragEvent<HTMLLIElement>, to: number) => {
    const from = event.dataTransfer.getData(DRAG_TYPE);
    if (from === "") return;
    event.preventDefault();
    event.stopPropagation();
    if (Number(from) !== to) move(Number(from), to, "later");
  };

  return (
    <fieldset className={fieldStyles.field} aria-describedby="references-hint references-limits">
      <legend className={fieldStyles.label}>
        {strings.referencesLabel} <span className={styles.count}>{format(strings.referencesCount, { count: images.length, max })}</span>
      </legend>
      <div className={`${fieldStyles.zone} ${styles.zone} ${dragging ? fieldStyles.dragging : ""}`} {...zone}>
        {images.length > 0 ? (
          <ol className={styles.list}>
            {images.map((image, index) => (
              <li
                key={image.ref}
                className={styles.item}
                draggable
                onDragStart={(event) => {
                  event.dataTransfer.setData(DRAG_TYPE, String(index));
                  event.dataTransfer.effectAllowed = "move";
                }}
                onDragOver={(event) => {
                  if (event.dataTransfer.types.includes(DRAG_TYPE)) event.preventDefault();
                }}
                onDrop={(event) => onItemDrop(event, index)}
              >
                <span className={styles.frame}>
                  <img
                    className={styles.thumb}
                    src={image.url}
                    alt={format(strings.referenceAlt, { index: index + 1 })}
                    draggable={false}
                    // A result used as reference may come without its size; its thumbnail tells it (the price counts it).
                    onLoad={(event) => {
                      const { naturalWidth: width, naturalHeight: height } = event.currentTarget;
                      if (image.size === null && width > 0) onChange((list) => withSize(list, image.ref, { width, height }));
                    }}
                  />
                  <span className={styles.number} aria-hidden="true">
                    {index + 1}
                  </span>
                </span>
                <span className={styles.tools}>
                  <button
                    id={`reference-${index}-earlier`}
                    type="button"
                    className={styles.tool}
                    aria-label={format(strings.referenceEarlier, { index: index + 1 })}
                    disabled={index === 0}
                    onClick={() => move(index, index - 1, "earlier")}
                  >
                    <ChevronIcon className={styles.flip} width={14} height={14} />
                  </button>
                  <button
                    id={`reference-${index}-later`}
                    type="button"
                    className={styles.tool}
                    aria-label={format(strings.referenceLater, { index: index + 1 })}
                    disabled={index === images.length - 1}
                    onClick={() => move(index, index + 1, "later")}
                  >
                    <ChevronIcon width={14} height={14} />
                  </button>
                  <button
                    id={`reference-${index}-remove`}
                    type="button"
                    className={styles.tool}
                    aria-label={format(strings.referenceRemove, { index: index + 1 })}
                    onClick={() => remove(index)}
                  >
                    <span aria-hidden="true">×</span>
                  </button>
                </span>
              </li>
            ))}
          </ol>
        ) : null}
        <div className={fieldStyles.controls}>
          <UploadButton
            id="reference-file"
            buttonId="reference-add"
            label={strings.referencesAdd}
            busyLabel={strings.uploading}
            busy={pending > 0}
            multiple
            canPick={() => {
              if (full) onNote(fullNote);
              return !full;
            }}
            onFiles={add}
          />
          <span className={fieldStyles.drop}>{full ? fullNote : strings.inputImageDrop}</span>
        </div>
      </div>
      {note ? <p className={styles.note}>{note}</p> : null}
      <p id="references-hint" className={fieldStyles.hint}>
        {format(strings.referencesHint, { model: modelLabel, max })}
      </p>
      <p id="references-limits" className={fieldStyles.hint}>
        {uploadHint(strings)}
      </p>
      {failure ? <FailureNotice failure={failure} strings={errorStrings} /> : null}
    </fieldset>
  );
}
