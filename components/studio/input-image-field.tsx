"use client";

import { classifyFailure } from "@/components/api-client/classify-failure";
import { FailureNotice } from "@/components/feedback/failure-notice";
import { Button } from "@/components/ui/button";
import type { Dictionary } from "@/lib/shared/i18n/en";
import { format } from "@/lib/shared/i18n/format";
import { UPLOAD_MAX_BYTES, UPLOAD_MAX_SIDE_PX } from "@/lib/shared/limits";
import type { PickedImage } from "./reference-list";
import styles from "./input-image-field.module.css";
import { UploadButton } from "./upload-button";
import { useImageUploads } from "./use-image-uploads";

interface InputImageFieldProps {
  value: PickedImage | null;
  invalid: boolean;
  strings: Dictionary["studio"];
  errorStrings: Dictionary["errors"];
  onChange: (inputImage: PickedImage | null) => void;
  onAnnounce: (message: string) => void;
  /** Opens the mask editor over the picked image. */
  onErase?: (image: PickedImage) => void;
  eraseLabel?: string;
}

/** The PNG, JPEG or WebP limits every image field states. */
export const uploadHint = (strings: Dictionary["studio"]) =>
  format(strings.inputImageHint, { maxMb: UPLOAD_MAX_BYTES / (1024 * 1024), maxSide: UPLOAD_MAX_SIDE_PX });

/** The image FLUX Kontext edits: dropped, pasted (anywhere on the page) or picked, then uploaded at once. */
export function InputImageField({ value, invalid, strings, errorStrings, onChange, onAnnounce, onErase, eraseLabel }: InputImageFieldProps) {
  // One slot: the first image offered is the one to edit.
  const { pending, failure, dragging, add, zone } = useImageUploads(
    (files) => files.slice(0, 1),
    onChange,
    (refused) => onAnnounce(errorStrings[classifyFailure(refused)].title),
  );

  return (
    <fieldset className={styles.field} aria-describedby="input-image-hint">
      <legend className={styles.label}>{strings.inputImageLabel}</legend>
      <div className={`${styles.zone} ${dragging ? styles.dragging : ""} ${invalid ? styles.invalid : ""}`} {...zone}>
        {value ? (
          <img
            className={styles.preview}
            src={value.url}
            alt={strings.inputImageAlt}
            // An image put in from a task comes without its size; the price counts it.
            onLoad={(event) => {
              const { naturalWidth: width, naturalHeight: height } = event.currentTarget;
              if (value.size === null && width > 0) onChange({ ...value, size: { width, height } });
            }}
          />
        ) : null}
        <div className={styles.controls}>
          <UploadButton id="input-image-file" label={strings.inputImagePick} busyLabel={strings.uploading} busy={pending > 0} onFiles={add} />
          {value && onErase && eraseLabel ? (
            <Button size="sm" variant="ghost" onClick={() => onErase(value)}>
              {eraseLabel}
            </Button>
          ) : null}
          {value ? (
            <Button size="sm" variant="ghost" onClick={() => onChange(null)}>
              {strings.inputImageRemove}
            </Button>
          ) : (
            <span className={styles.drop}>{strings.inputImageDrop}</span>
          )}
        </div>
      </div>
      {invalid ? (
        <p className={styles.error} role="alert">
          {strings.inputImageRequired}
        </p>
      ) : null}
      <p id="input-image-hint" className={styles.hint}>
        {uploadHint(strings)}
      </p>
      {failure ? <FailureNotice failure={failure} strings={errorStrings} /> : null}
    </fieldset>
  );
}
