"use client";

import type { ReactNode } from "react";
import { classifyFailure } from "@/components/api-client/classify-failure";
import { Notice } from "@/components/ui/notice";
import type { Dictionary } from "@/lib/shared/i18n/en";
import { format } from "@/lib/shared/i18n/format";
import styles from "./failure-notice.module.css";
import { useCountdown } from "./use-countdown";

interface FailureLike {
  status?: number | null;
  code: string;
  message: string;
  retryAfterSeconds?: number | null;
}

interface FailureNoticeProps {
  failure: FailureLike;
  strings: Dictionary["errors"];
  action?: ReactNode;
}

/** Says what went wrong and what to do about it, then the server's own words. */
export function FailureNotice({ failure, strings, action }: FailureNoticeProps) {
  const kind = classifyFailure(failure);
  const { title, advice } = strings[kind];
  // A budget resets hours away; the server's message says when, in words, so no seconds countdown.
  const secondsLeft = useCountdown(kind === "budget" ? null : (failure.retryAfterSeconds ?? null));
  return (
    <Notice tone={kind === "rateLimited" || kind === "budget" || kind === "network" ? "warning" : "error"} title={title} action={action}>
      <p>
        {advice}
        {secondsLeft > 0 ? ` ${format(strings.retryIn, { seconds: secondsLeft })}` : null}
      </p>
      {failure.message ? <p className={styles.details}>{format(strings.details, { message: failure.message })}</p> : null}
    </Notice>
  );
}
