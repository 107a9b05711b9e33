"use client";

import { useState } from "react";
import type { ApiFailure } from "@/components/api-client/api-result";
import { postJson } from "@/components/api-client/endpoints";
import type { TaskView } from "@/lib/shared/task-view";
import styles from "./star-button.module.css";

interface StarButtonProps {
  task: TaskView;
  label: string;
  /** The element that names the task (its prompt), read after the button's own name. */
  describedBy: string;
  onUpdate: (task: TaskView) => void;
  onFailure: (failure: ApiFailure | null) => void;
}

/** Stars or unstars one's own task: a toggle button whose pressed state is the task's `starred`. */
export function StarButton({ task, label, describedBy, onUpdate, onFailure }: StarButtonProps) {
  const [sending, setSending] = useState(false);
  async function toggle() {
    setSending(true);
    onFailure(null);
    // Idempotent both ways; the answer is the task as it now reads.
    const result = await postJson<{ task: TaskView }>(`/api/tasks/${encodeURIComponent(task.id)}/star`, {}, task.starred ? "DELETE" : "POST");
    setSending(false);
    if (result.ok) onUpdate(result.data.task);
    else onFailure(result.error);
  }
  return (
    <button
      type="button"
      className={styles.star}
      aria-pressed={task.starred}
      aria-describedby={describedBy}
      aria-busy={sending || undefined}
      disabled={sending}
      title={label}
      onClick={toggle}
    >
      <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path
          d="M12 3.5l2.6 5.3 5.9.9-4.3 4.1 1 5.8L12 16.9l-5.2 2.7 1-5.8-4.3-4.1 5.9-.9z"
          fill={task.starred ? "currentColor" : "none"}
          stroke="currentColor"
          strokeWidth="1.8"
          strokeLinejoin="round"
        />
      </svg>
      <span className="sr-only">{label}</span>
    </button>
  );
}
