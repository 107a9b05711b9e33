"use client";

import { useEffect } from "react";
import { FailureNotice, preloadFailureNotice } from "@/components/feedback/deferred-failure-notice";
import { Button } from "@/components/ui/button";
import type { Dictionary } from "@/lib/shared/i18n/en";
import styles from "./paged-feed-footer.module.css";
import type { PagedTasks } from "./use-paged-tasks";

interface PagedFeedFooterProps {
  feed: PagedTasks;
  strings: { retry: string; loadMore: string; loadingMore: string };
  errorStrings: Dictionary["errors"];
}

/** What every paged list ends with: why a page failed (with a retry), and "load more" while pages remain. */
export function PagedFeedFooter({ feed, strings, errorStrings }: PagedFeedFooterProps) {
  const { load } = feed;
  useEffect(preloadFailureNotice, []);
  return (
    <>
      {load.state === "failed" ? (
        <FailureNotice
          failure={load.failure}
          strings={errorStrings}
          action={
            <Button size="sm" onClick={feed.reload}>
              {strings.retry}
            </Button>
          }
        />
      ) : null}
      {feed.moreFailure ? <FailureNotice failure={feed.moreFailure} strings={errorStrings} /> : null}
      {load.state === "ready" && feed.hasMore ? (
        <div className={styles.more}>
          <Button onClick={feed.loadMore} disabled={feed.loadingMore} aria-busy={feed.loadingMore}>
            {feed.loadingMore ? strings.loadingMore : strings.loadMore}
          </Button>
        </div>
      ) : null}
    </>
  );
}
