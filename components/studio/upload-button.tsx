"use client";

import { useRef } from "react";
import { Button } from "@/components/ui/button";

interface UploadButtonProps {
  /** The file input's id, which a form error focuses. */
  id: string;
  /** The button's own id, for focus to land on. */
  buttonId?: string;
  label: string;
  busyLabel: string;
  busy: boolean;
  multiple?: boolean;
  /** Called instead of opening the file picker when it returns false (the field is full and says so). */
  canPick?: () => boolean;
  onFiles: (files: File[]) => void;
}

/** A button that opens the file picker: the keyboard's way to give an image that the mouse may also drop or paste. */
export function UploadButton({ id, buttonId, label, busyLabel, busy, multiple = false, canPick = () => true, onFiles }: UploadButtonProps) {
  const picker = useRef<HTMLInputElement>(null);
  return (
    <>
      <Button id={buttonId} size="sm" variant="secondary" onClick={() => canPick() && picker.current?.click()} disabled={busy}>
        {busy ? busyLabel : label}
      </Button>
      <input
        ref={picker}
        id={id}
        className="sr-only"
        type="file"
        accept="image/png,image/jpeg,image/webp"
        multiple={multiple}
        tabIndex={-1}
        aria-label={label}
        onChange={(event) => {
          onFiles([...(event.target.files ?? [])]);
          event.target.value = "";
        }}
      />
    </>
  );
}
