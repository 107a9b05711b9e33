"use client";

import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { SparklesIcon } from "@/components/ui/icons";
import type { Dictionary } from "@/lib/shared/i18n/en";
import { format } from "@/lib/shared/i18n/format";
import styles from "./prompt-box.module.css";
import { PROMPT_MAX_LENGTH } from "@/lib/shared/limits";

interface PromptSuggestionProps {
  initialText: string;
  model: string;
  strings: Dictionary["studio"];
  onAccept: (text: string) => void;
  onDismiss: () => void;
}

/** The improved prompt, editable in place; the person decides whether it replaces theirs. */
export function PromptSuggestion({ initialText, model, strings, onAccept, onDismiss }: PromptSuggestionProps) {
  const [text, setText] = useState(initialText);
  const region = useRef<HTMLElement>(null);
  useEffect(() => region.current?.focus(), []);

  return (
    <section ref={region} tabIndex={-1} className={styles.suggestion} aria-labelledby="suggestion-label">
      <div className={styles.suggestionHead}>
        <SparklesIcon className={styles.suggestionIcon} />
        <label id="suggestion-label" htmlFor="suggestion-text" className={styles.label}>
          {strings.suggestionLabel}
        </label>
        <span className={styles.by}>{format(strings.suggestedBy, { model })}</span>
      </div>
      <textarea
        id="suggestion-text"
        className={`${inputClass} ${styles.textarea}`}
        rows={4}
        maxLength={PROMPT_MAX_LENGTH}
        value={text}
        aria-describedby="suggestion-hint"
        onChange={(event) => setText(event.target.value)}
      />
      <p id="suggestion-hint" className={styles.hint}>
        {strings.suggestionHint}
      </p>
      <div className={styles.suggestionActions}>
        <Button size="sm" variant="primary" onClick={() => onAccept(text)} disabled={text.trim() === ""}>
          {strings.useSuggestion}
        </Button>
        <Button size="sm" variant="ghost" onClick={onDismiss}>
          {strings.dismissSuggestion}
        </Button>
      </div>
    </section>
  );
}
