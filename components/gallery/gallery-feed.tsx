"use client";

import { useCallback, useState } from "react";
import { fetchGalleryPage } from "@/components/api-client/endpoints";
import type { SearchedTask } from "@/components/api-client/run-types";
import { HighlightedText } from "@/components/tasks/highlighted-text";
import { GallerySearch } from "./gallery-search";
import { cssAspectRatio } from "@/components/tasks/aspect-ratio";
import { usePagedTasks } from "@/components/tasks/use-paged-tasks";
import { ButtonLink } from "@/components/ui/button";
import type { Dictionary } from "@/lib/shared/i18n/en";
import { format } from "@/lib/shared/i18n/format";
import { GALLERY_PAGE_SIZE } from "@/lib/shared/limits";
import type { TaskPage } from "@/lib/shared/task-view";
import { PagedFeedFooter } from "@/components/tasks/paged-feed-footer";
import styles from "./gallery-feed.module.css";

interface GalleryFeedProps {
  locale: string;
  modelLabels: Readonly<Record<string, string>>;
  strings: Dictionary["gallery"];
  searchStrings: Pick<Dictionary["runs"], "gallerySearchLabel" | "search" | "noMatches">;
  errorStrings: Dictionary["errors"];
  /** The first page as the server read it (null when that read failed: the browser then loads it itself). */
  initialPage: TaskPage | null;
}

// The first images load at once; the very first ones (the page's largest paint) ahead of everything else.
const EAGER_IMAGES = 4;
const HIGH_PRIORITY_IMAGES = 2;

export function GalleryFeed({ locale, modelLabels, strings, searchStrings, errorStrings, initialPage }: GalleryFeedProps) {
  const [q, setQ] = useState("");
  const fetchPage = useCallback((limit: number, cursor: string | null) => fetchGalleryPage(limit, cursor, q), [q]);
  const feed = usePagedTasks(fetchPage, GALLERY_PAGE_SIZE, q, q !== "", initialPage);
  const { tasks, load } = feed;
  const images = tasks.flatMap((task) => task.images.map((image) => ({ task, image })));

  return (
    <div className={styles.gallery} aria-busy={load.state === "loading"}>
      <GallerySearch strings={searchStrings} onSearch={setQ} />
      {images.length > 0 ? (
        <ul className={q === "" ? styles.grid : `${styles.grid} ${styles.searching}`} role="list">
          {images.map(({ task, image }, position) => (
            <li key={image.url} className={styles.item}>
              <a className={styles.tile} href={image.url} target="_blank" rel="noopener" style={{ aspectRatio: cssAspectRatio(task.aspect_ratio) }}>
                {/* eslint-disable-next-line @next/next/no-img-element -- served by our own API, no optimizer on Pages */}
                <img
                  className={styles.image}
                  src={image.url}
                  alt={format(strings.imageAlt, { prompt: task.prompt })}
                  width={image.width ?? undefined}
                  height={image.height ?? undefined}
                  loading={position < EAGER_IMAGES ? "eager" : "lazy"}
                  fetchPriority={position < HIGH_PRIORITY_IMAGES ? "high" : undefined}
                  decoding="async"
                />
                <span className={styles.caption} aria-hidden="true">
                  <span className={styles.prompt}>
                    <HighlightedText text={task.prompt} ranges={(task as SearchedTask).match?.ranges} />
                  </span>
                  <span className={styles.model}>{modelLabels[task.model] ?? task.model}</span>
                </span>
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      {load.state === "loading" && images.length === 0 ? (
        <div className={styles.grid} aria-hidden="true">
          {Array.from({ length: 8 }, (_, index) => (
            <div key={index} className={styles.skeleton} />
          ))}
        </div>
      ) : null}
      {load.state === "loading" ? <p className="sr-only">{strings.loading}</p> : null}
      {load.state === "ready" && images.length === 0 && q !== "" ? <p className={styles.noMatches}>{searchStrings.noMatches}</p> : null}
      {load.state === "ready" && images.length === 0 && q === "" ? (
        <div className={styles.empty}>
          <p>{strings.empty}</p>
          <ButtonLink variant="primary" href={`/${locale}`}>
            {strings.toStudio}
          </ButtonLink>
        </div>
      ) : null}
      <PagedFeedFooter feed={feed} strings={strings} errorStrings={errorStrings} />
    </div>
  );
}
