"use client";

import { type FormEvent, useState } from "react";
import type { TaskFilters } from "@/components/api-client/endpoints";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import type { Dictionary } from "@/lib/shared/i18n/en";
import { SEARCH_QUERY_MAX_LENGTH } from "@/lib/shared/limits";
import type { TaskStatus } from "@/lib/shared/task-status";
import styles from "./feed-filters.module.css";

interface FeedFiltersProps {
  value: Partial<TaskFilters>;
  models: readonly { key: string; label: string }[];
  strings: Dictionary["runs"];
  statusLabels: Dictionary["tasks"]["status"];
  onChange: (filters: Partial<TaskFilters>) => void;
}

/** Search one's own prompts and narrow the history to starred tasks, one model, one status or a span of (UTC) days. */
export function FeedFilters({ value, models, strings, statusLabels, onChange }: FeedFiltersProps) {
  const [text, setText] = useState(value.q ?? "");
  const set = (patch: Partial<TaskFilters>) => onChange({ ...value, ...patch });
  function search(event: FormEvent) {
    event.preventDefault();
    set({ q: text.trim() || undefined });
  }
  return (
    <div id="feed-filters" className={styles.filters}>
      <search>
        <form className={styles.search} onSubmit={search}>
          <label htmlFor="feed-search" className="sr-only">
            {strings.searchLabel}
          </label>
          <input
            id="feed-search"
            type="search"
            name="q"
            className={inputClass}
            maxLength={SEARCH_QUERY_MAX_LENGTH}
            placeholder={strings.searchLabel}
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              // Emptying the box shows the whole history again without another click.
              if (event.target.value === "" && value.q) set({ q: undefined });
            }}
          />
          <Button type="submit" size="sm" variant="secondary">
            {strings.search}
          </Button>
        </form>
      </search>
      <div className={styles.row}>
        <label className={styles.check}>
          <input
            type="checkbox"
            checked={value.starred === "true"}
            onChange={(event) => set({ starred: event.target.checked ? "true" : undefined })}
          />
          {strings.filterStarred}
        </label>
        <label className={styles.select}>
          <span>{strings.filterModel}</span>
          <select className={inputClass} value={value.model ?? ""} onChange={(event) => set({ model: event.target.value || undefined })}>
            <option value="">{strings.anyModel}</option>
            {models.map((model) => (
              <option key={model.key} value={model.key}>
                {model.label}
              </option>
            ))}
          </select>
        </label>
        <label className={styles.select}>
          <span>{strings.filterStatus}</span>
          <select className={inputClass} value={value.status ?? ""} onChange={(event) => set({ status: event.target.value || undefined })}>
            <option value="">{strings.anyStatus}</option>
            {(Object.keys(statusLabels) as TaskStatus[]).map((status) => (
              <option key={status} value={status}>
                {statusLabels[status]}
              </option>
            ))}
          </select>
        </label>
        <label className={styles.select}>
          <span>{strings.filterFrom}</span>
          <input
            type="date"
            className={inputClass}
            value={value.from ?? ""}
            max={value.to}
            onChange={(event) => set({ from: event.target.value || undefined })}
          />
        </label>
        <label className={styles.select}>
          <span>{strings.filterTo}</span>
          <input
            type="date"
            className={inputClass}
            value={value.to ?? ""}
            min={value.from}
            onChange={(event) => set({ to: event.target.value || undefined })}
          />
        </label>
      </div>
    </div>
  );
}
