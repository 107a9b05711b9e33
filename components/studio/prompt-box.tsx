"use client";

import { Suspense, useRef, useState, type KeyboardEvent } from "react";
import type { ApiFailure } from "@/components/api-client/api-result";
import { askPromptHelp } from "@/components/api-client/endpoints";
import { FailureNotice } from "@/components/feedback/deferred-failure-notice";
import { Button } from "@/components/ui/button";
import { describedBy, inputClass } from "@/components/ui/field";
import { SparklesIcon } from "@/components/ui/icons";
import type { Dictionary } from "@/lib/shared/i18n/en";
import styles from "./prompt-box.module.css";
import { PromptSuggestion } from "./deferred";
import { PROMPT_MAX_LENGTH } from "@/lib/shared/limits";

interface PromptBoxProps {
  value: string;
  onChange: (value: string) => void;
  invalid: boolean;
  locale: string;
  strings: Dictionary["studio"];
  errorStrings: Dictionary["errors"];
  onSubmitShortcut: () => void;
  onAnnounce: (message: string) => void;
}

const ID = "prompt";

export function PromptBox({ value, onChange, invalid, locale, strings, errorStrings, onSubmitShortcut, onAnnounce }: PromptBoxProps) {
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [suggestion, setSuggestion] = useState<{ text: string; model: string } | null>(null);
  const [improving, setImproving] = useState(false);
  const [failure, setFailure] = useState<ApiFailure | null>(null);

  async function improve() {
    if (value.trim() === "") {
      textarea.current?.focus();
      return;
    }
    setImproving(true);
    setFailure(null);
    const result = await askPromptHelp(value.trim(), locale);
    setImproving(false);
    if (result.ok) {
      setSuggestion({ text: result.data.text, model: result.data.model });
      onAnnounce(strings.suggestionReady);
    } else {
      setFailure(result.error);
    }
  }

  function accept(text: string) {
    onChange(text);
    setSuggestion(null);
    textarea.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      onSubmitShortcut();
    }
  }

  const error = invalid ? strings.promptRequired : null;
  return (
    <div className={styles.box}>
      <label htmlFor={ID} className={styles.label}>
        {strings.promptLabel}
      </label>
      <div className={styles.surface}>
        <textarea
          ref={textarea}
          id={ID}
          name="prompt"
          className={`${inputClass} ${styles.textarea}`}
          rows={4}
          maxLength={PROMPT_MAX_LENGTH}
          placeholder={strings.promptPlaceholder}
          value={value}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy(ID, { hint: true, error })}
          onChange={(event) => onChange(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <div className={styles.toolbar}>
          <Button size="sm" variant="ghost" onClick={improve} disabled={improving} aria-busy={improving}>
            <SparklesIcon className={improving ? styles.spin : undefined} />
            {improving ? strings.improving : strings.improve}
          </Button>
          <span className={styles.count} aria-hidden="true">
            {value.length}/{PROMPT_MAX_LENGTH}
          </span>
        </div>
      </div>
      {error ? (
        <p id={`${ID}-error`} className={styles.error}>
          {error}
        </p>
      ) : null}
      <p id={`${ID}-hint`} className={styles.hint}>
        {strings.promptHint}
      </p>
      {failure ? (
        <FailureNotice
          failure={failure}
          strings={errorStrings}
          action={
            <Button size="sm" variant="ghost" onClick={() => setFailure(null)}>
              {errorStrings.dismiss}
            </Button>
          }
        />
      ) : null}
      {suggestion ? (
        <Suspense fallback={null}>
          <PromptSuggestion
            key={suggestion.text}
            initialText={suggestion.text}
            model={suggestion.model}
            strings={strings}
            onAccept={accept}
            onDismiss={() => {
              setSuggestion(null);
              textarea.current?.focus();
            }}
          />
        </Suspense>
      ) : null}
    </div>
  );
}
