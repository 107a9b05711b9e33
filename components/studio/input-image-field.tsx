"use client";

import { useEffect, useRef, useState, type DragEvent } from "react";
import type { ApiFailure } from "@/components/api-client/api-result";
import { uploadImage } from "@/components/api-client/endpoints";
import { FailureNotice } from "@/components/feedback/failure-notice";
import { Button } from "@/components/ui/button";
import type { Dictionary } from "@/lib/shared/i18n/en";
import { format } from "@/lib/shared/i18n/format";
import { UPLOAD_MAX_BYTES, UPLOAD_MAX_SIDE_PX } from "@/lib/shared/limits";
import type { ComposerValues } from "./build-generate-request";
import styles from "./input-image-field.module.css";

interface InputImageFieldProps {
  value: ComposerValues["inputImage"];
  invalid: boolean;
  strings: Dictionary["studio"];
  errorStrings: Dictionary["errors"];
  onChange: (inputImage: ComposerValues["inputImage"]) => void;
}

/** The image FLUX Kontext edits: dropped, pasted (anywhere on the page) or picked, then uploaded at once. */
export function InputImageField({ value, invalid, strings, errorStrings, onChange }: InputImageFieldProps) {
  const [uploading, setUploading] = useState(false);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [dragging, setDragging] = useState(false);
  const picker = useRef<HTMLInputElement>(null);

  async function upload(file: File | undefined | null) {
    if (!file) return;
    setUploading(true);
    setFailure(null);
    const result = await uploadImage(file);
    setUploading(false);
    if (result.ok) onChange({ ref: result.data.upload.id, url: result.data.upload.url });
    else setFailure(result.error);
  }

  // A pasted image anywhere on the page is the image to edit while this field is shown.
  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      const file = [...(event.clipboardData?.files ?? [])].find((item) => item.type.startsWith("image/"));
      if (file) {
        event.preventDefault();
        void upload(file);
      }
    };
    document.addEventListener("paste", onPaste);
    return () => document.removeEventListener("paste", onPaste);
  });

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    void upload(event.dataTransfer.files[0]);
  };

  return (
    <fieldset className={styles.field} aria-describedby="input-image-hint">
      <legend className={styles.label}>{strings.inputImageLabel}</legend>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: a drop target for the mouse; the picker button is the keyboard path */}
      <div
        className={`${styles.zone} ${dragging ? styles.dragging : ""} ${invalid ? styles.invalid : ""}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        {value ? <img className={styles.preview} src={value.url} alt={strings.inputImageAlt} /> : null}
        <div className={styles.controls}>
          <Button size="sm" variant="secondary" onClick={() => picker.current?.click()} disabled={uploading}>
            {uploading ? strings.uploading : strings.inputImagePick}
          </Button>
          {value ? (
            <Button size="sm" variant="ghost" onClick={() => onChange(null)}>
              {strings.inputImageRemove}
            </Button>
          ) : (
            <span className={styles.drop}>{strings.inputImageDrop}</span>
          )}
        </div>
        <input
          ref={picker}
          id="input-image-file"
          className="sr-only"
          type="file"
          accept="image/png,image/jpeg,image/webp"
          tabIndex={-1}
          aria-label={strings.inputImagePick}
          onChange={(event) => {
            void upload(event.target.files?.[0]);
            event.target.value = "";
          }}
        />
      </div>
      {invalid ? (
        <p className={styles.error} role="alert">
          {strings.inputImageRequired}
        </p>
      ) : null}
      <p id="input-image-hint" className={styles.hint}>
        {format(strings.inputImageHint, { maxMb: UPLOAD_MAX_BYTES / (1024 * 1024), maxSide: UPLOAD_MAX_SIDE_PX })}
      </p>
      {failure ? <FailureNotice failure={failure} strings={errorStrings} /> : null}
    </fieldset>
  );
}
