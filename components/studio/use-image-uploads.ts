"use client";

import { useEffect, useState, type DragEvent } from "react";
import type { ApiFailure } from "@/components/api-client/api-result";
import { uploadImage } from "@/components/api-client/endpoints";
import type { PickedImage } from "./reference-list";

interface ImageUploads {
  /** Uploads still on their way. */
  pending: number;
  failure: ApiFailure | null;
  /** Files are being dragged over the drop zone. */
  dragging: boolean;
  /** Offers files (picked, dropped or pasted): those `take` keeps are uploaded, one after another, in order. */
  add: (files: readonly File[]) => void;
  /** Handlers for the element files are dropped on. */
  zone: {
    onDragOver: (event: DragEvent<HTMLElement>) => void;
    onDragLeave: () => void;
    onDrop: (event: DragEvent<HTMLElement>) => void;
  };
}

// Only files are uploads: a drag of something else (a reference being reordered) is left to its own handlers.
const carriesFiles = (event: DragEvent<HTMLElement>) => event.dataTransfer.types.includes("Files");

/**
 * Images dropped on a zone, pasted anywhere on the page (while the field using this is shown) or picked, uploaded at
 * once. `take` chooses which of the offered files to upload, knowing how many are still on their way (one slot takes
 * the first; a list takes what fits and says why not the rest); each finished upload goes to `onUploaded`, and each
 * refusal to `onFailure` (which announces it: the notice beside the field is not read out on its own).
 */
export function useImageUploads(
  take: (files: File[], pending: number) => File[],
  onUploaded: (image: PickedImage) => void,
  onFailure: (failure: ApiFailure) => void,
): ImageUploads {
  const [pending, setPending] = useState(0);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [dragging, setDragging] = useState(false);

  async function upload(files: readonly File[]) {
    setFailure(null);
    setPending((count) => count + files.length);
    // One after another, so the images arrive in the order they were given (the prompt numbers them).
    for (const file of files) {
      const result = await uploadImage(file);
      setPending((count) => count - 1);
      if (result.ok) {
        const { id, url, width, height } = result.data.upload;
        onUploaded({ ref: id, url, size: { width, height } });
      } else {
        setFailure(result.error);
        onFailure(result.error);
      }
    }
  }

  const add = (files: readonly File[]) => {
    const taken = take([...files], pending);
    if (taken.length > 0) void upload(taken);
  };

  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      const files = [...(event.clipboardData?.files ?? [])].filter((item) => item.type.startsWith("image/"));
      if (files.length > 0) {
        event.preventDefault();
        add(files);
      }
    };
    document.addEventListener("paste", onPaste);
    return () => document.removeEventListener("paste", onPaste);
  });

  return {
    pending,
    failure,
    dragging,
    add,
    zone: {
      onDragOver: (event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        setDragging(true);
      },
      onDragLeave: () => setDragging(false),
      onDrop: (event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        setDragging(false);
        add([...event.dataTransfer.files]);
      },
    },
  };
}
