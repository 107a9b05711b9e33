"use client";

import { type FormEvent, useState } from "react";
import { SEARCH_QUERY_MAX_LENGTH } from "@/lib/shared/limits";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import type { Dictionary } from "@/lib/shared/i18n/en";
import styles from "./gallery-search.module.css";

interface GallerySearchProps {
  strings: Pick<Dictionary["runs"], "gallerySearchLabel" | "search">;
  onSearch: (q: string) => void;
}

/** Full-text search over the gallery's prompts; an emptied box shows the whole gallery again. */
export function GallerySearch({ strings, onSearch }: GallerySearchProps) {
  const [text, setText] = useState("");
  function submit(event: FormEvent) {
    event.preventDefault();
    onSearch(text.trim());
  }
  return (
    <search>
      <form className={styles.search} onSubmit={submit}>
        <label htmlFor="gallery-search" className="sr-only">
          {strings.gallerySearchLabel}
        </label>
        <input
          id="gallery-search"
          type="search"
          name="q"
          className={inputClass}
          maxLength={SEARCH_QUERY_MAX_LENGTH}
          placeholder={strings.gallerySearchLabel}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            if (event.target.value === "") onSearch("");
          }}
        />
        <Button type="submit" variant="secondary">
          {strings.search}
        </Button>
      </form>
    </search>
  );
}
