"use client";

import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { sendGenerate, ensureSession, fetchTask, fetchTaskPage, type TaskFilters } from "@/components/api-client/endpoints";
import type { RunView } from "@/components/api-client/run-types";
import { Button } from "@/components/ui/button";
import type { RemixActions } from "@/components/tasks/remix-bar";
import { TaskFeed } from "@/components/tasks/task-feed";
import type { ImageToolsActions } from "@/components/image-tools/tool-actions";
import type { ToolImage } from "@/components/image-tools/tool-request";
import { usePagedTasks } from "@/components/tasks/use-paged-tasks";
import { LiveRegion, useAnnouncer } from "@/components/ui/live-region";
import type { Dictionary } from "@/lib/shared/i18n/en";
import { format } from "@/lib/shared/i18n/format";
import { Composer } from "./composer";
import type { ComposerPreset } from "./composer-preset";
import { taskImage } from "./reference-list";
import { COMPOSER_KINDS } from "@/lib/shared/models/catalogue";
import type { ModelOption } from "@/lib/shared/models/options";
import styles from "./studio.module.css";
import type { TaskView } from "@/lib/shared/task-view";
import { type TaskStatus, isTerminal } from "@/lib/shared/task-status";

export interface StudioProps {
  locale: string;
  models: readonly ModelOption[];
  strings: Pick<Dictionary, "studio" | "tasks" | "errors" | "imageTools" | "runs">;
  /** Server-rendered heading of the composer column. */
  intro: ReactNode;
}

const PAGE_SIZE = 12;

// The mask editor is fetched when someone opens it: it is no part of the studio's first load.
const MaskEditor = lazy(() => import("@/components/mask-editor/mask-editor").then((module) => ({ default: module.MaskEditor })));
// Loaded when first used: the comparison after a compare run, the search and filters when opened.
const CompareGrid = lazy(() => import("@/components/runs/compare-grid").then((module) => ({ default: module.CompareGrid })));
const FeedFilters = lazy(() => import("@/components/tasks/feed-filters").then((module) => ({ default: module.FeedFilters })));
// Turning a task back into the form or into a request runs on a click (or after a remix link's fetch): fetched then.
const composerPresets = () => import("./composer-preset");
const remixRequests = () => import("@/components/tasks/remix");

interface CompareRun {
  id: string;
  prompt: string;
  isPrivate: boolean;
  tasks: TaskView[];
}

const ANNOUNCEMENT: Partial<Record<TaskStatus, keyof Dictionary["tasks"]>> = {
  succeeded: "announceSucceeded",
  failed: "announceFailed",
  canceled: "announceCanceled",
};

export function Studio({ locale, models, strings, intro }: StudioProps) {
  const { message, announce } = useAnnouncer();
  const [filters, setFilters] = useState<Partial<TaskFilters>>({});
  const [filtersOpen, setFiltersOpen] = useState(false);
  const fetchPage = useCallback((limit: number, cursor: string | null) => fetchTaskPage(limit, cursor, filters), [filters]);
  const query = JSON.stringify(filters);
  const feed = usePagedTasks(fetchPage, PAGE_SIZE, query, Boolean(filters.q));
  const [compareRun, setCompareRun] = useState<CompareRun | null>(null);
  const expected = useRef(new Map<string, number>());
  const statuses = useRef(new Map<string, TaskStatus>());
  const scrollTo = useRef<string | null>(null);
  const { upsert } = feed;
  const modelLabels = useMemo(() => Object.fromEntries(models.map((model) => [model.key, model.label])), [models]);
  const [preset, setPreset] = useState<ComposerPreset | null>(null);
  const [erasing, setErasing] = useState<ToolImage | null>(null);
  // Fill and upscale models have their own entry points: the composer offers only prompt-to-image and edit models.
  const composerModels = useMemo(() => models.filter((model) => COMPOSER_KINDS.includes(model.kind)), [models]);
  const fillModel = models.find((model) => model.kind === "fill") ?? null;
  const upscaleModel = models.find((model) => model.kind === "upscale") ?? null;
  const editModel = models.find((model) => model.kind === "edit")?.key;
  const readsReferences = models.some((model) => model.maxInputImages > 0);
  const sizeField = useCallback((key: string) => models.find((model) => model.key === key)?.size?.field, [models]);

  // The session is started on arrival, so the first generate or prompt-help click does not wait for it.
  useEffect(() => {
    void ensureSession();
  }, []);

  useEffect(() => {
    for (const task of feed.tasks) if (!statuses.current.has(task.id)) statuses.current.set(task.id, task.status);
    if (scrollTo.current) {
      document.getElementById(`task-${scrollTo.current}`)?.scrollIntoView({ block: "nearest", behavior: "smooth" });
      scrollTo.current = null;
    }
  }, [feed.tasks]);

  const onCreated = useCallback(
    (task: TaskView, expectedImages: number) => {
      expected.current.set(task.id, expectedImages);
      statuses.current.set(task.id, task.status);
      scrollTo.current = task.id;
      upsert(task);
      announce(format(strings.tasks.announceStarted, { prompt: task.prompt }));
    },
    [announce, strings.tasks, upsert],
  );

  const onUpdate = useCallback(
    (task: TaskView) => {
      const previous = statuses.current.get(task.id);
      statuses.current.set(task.id, task.status);
      const key = ANNOUNCEMENT[task.status];
      if (previous !== task.status && isTerminal(task.status) && key) {
        announce(format(strings.tasks[key] as string, { prompt: task.prompt }));
      }
      upsert(task);
      setCompareRun((run) =>
        run?.tasks.some((shown) => shown.id === task.id) ? { ...run, tasks: run.tasks.map((shown) => (shown.id === task.id ? task : shown)) } : run,
      );
    },
    [announce, strings.tasks, upsert],
  );

  const onRunCreated = useCallback(
    (run: RunView, mode: "compare" | "prompts", expectedImages: number) => {
      for (const task of run.tasks) {
        expected.current.set(task.id, expectedImages);
        statuses.current.set(task.id, task.status);
        upsert(task);
      }
      if (mode === "compare") {
        setCompareRun({ id: run.id, prompt: run.tasks[0]?.prompt ?? "", isPrivate: run.is_private, tasks: run.tasks });
        requestAnimationFrame(() => document.getElementById("compare-heading")?.scrollIntoView({ block: "start", behavior: "smooth" }));
      } else if (run.tasks[0]) {
        scrollTo.current = run.tasks[0].id;
      }
      announce(format(strings.runs.announceRun, { count: run.tasks.length }));
    },
    [announce, strings.runs, upsert],
  );

  const chooseModel = useCallback(
    (model: string) =>
      setPreset({ values: { model }, announcement: format(strings.runs.modelChosen, { model: modelLabels[model] ?? model }), nonce: Date.now() }),
    [modelLabels, strings.runs],
  );

  const remix = useMemo<RemixActions>(
    () => ({
      applySettings: (task) =>
        void composerPresets().then(({ presetFromTask }) => setPreset({ values: presetFromTask(task, sizeField(task.model)), nonce: Date.now() })),
      composes: (task) => composerModels.some((model) => model.key === task.model),
      edit: (task, index) => {
        if (!editModel) return;
        void composerPresets().then(({ presetForEdit }) => setPreset({ values: presetForEdit(task, index, editModel), nonce: Date.now() }));
      },
      reference: readsReferences
        ? (task, index) => {
            const image = taskImage(task, index);
            if (image) setPreset({ values: {}, reference: image, nonce: Date.now() });
          }
        : undefined,
      vary: async (task) => {
        const { remixRequest } = await remixRequests();
        const result = await sendGenerate({ ...remixRequest(task, { vary: true }), is_private: task.is_private, locale } as Parameters<
          typeof sendGenerate
        >[0]);
        if (!result.ok) return result.error;
        onCreated(result.data.task, task.images.length || 1);
        return null;
      },
    }),
    [editModel, readsReferences, sizeField, locale, onCreated, composerModels],
  );

  const tools = useMemo<ImageToolsActions | undefined>(
    () =>
      fillModel || upscaleModel
        ? {
            fill: fillModel,
            upscale: upscaleModel,
            locale,
            strings: strings.imageTools,
            errorStrings: strings.errors,
            openEditor: setErasing,
            start: async (body) => {
              const result = await sendGenerate(body);
              if (!result.ok) return result.error;
              onCreated(result.data.task, 1);
              return null;
            },
          }
        : undefined,
    [fillModel, upscaleModel, locale, strings.imageTools, strings.errors, onCreated],
  );

  // A share page's "Remix" links here with ?remix=<taskId>: its settings go into the composer.
  useEffect(() => {
    const id = new URLSearchParams(window.location.search).get("remix");
    if (!id) return;
    void Promise.all([fetchTask(id), composerPresets()]).then(([result, { presetFromTask, presetForEdit }]) => {
      // An erase, expansion or upscale has no settings the composer can take: its image is what a remix starts from.
      if (!result.ok) return;
      const { task } = result.data;
      const values = composerModels.some((model) => model.key === task.model)
        ? presetFromTask(task, sizeField(task.model))
        : editModel && task.images.length > 0
          ? presetForEdit(task, 0, editModel)
          : null;
      if (values) setPreset({ values, nonce: Date.now() });
    });
  }, [sizeField, composerModels, editModel]);

  return (
    <div className={styles.layout}>
      <div className={styles.composerColumn}>
        {intro}
        <Composer
          locale={locale}
          models={composerModels}
          strings={strings.studio}
          runStrings={strings.runs}
          errorStrings={strings.errors}
          onCreated={onCreated}
          onRunCreated={onRunCreated}
          onAnnounce={announce}
          preset={preset}
          onErase={fillModel ? setErasing : undefined}
          eraseLabel={strings.imageTools.erase}
        />
      </div>
      <section className={styles.feedColumn} aria-labelledby="feed-heading">
        {compareRun ? (
          <Suspense fallback={<div className={styles.gridPlaceholder} />}>
            <CompareGrid
              runId={compareRun.id}
              prompt={compareRun.prompt}
              isPrivate={compareRun.isPrivate}
              tasks={compareRun.tasks}
              modelLabels={modelLabels}
              locale={locale}
              strings={strings.runs}
              taskStrings={strings.tasks}
              errorStrings={strings.errors}
              onUpdate={onUpdate}
              remix={remix}
              onUseModel={chooseModel}
              onClose={() => setCompareRun(null)}
            />
          </Suspense>
        ) : null}
        <div className={styles.feedHeader}>
          <h2 id="feed-heading" className={styles.feedHeading}>
            {strings.tasks.heading}
          </h2>
          <Button
            size="sm"
            variant="ghost"
            aria-expanded={filtersOpen}
            aria-controls={filtersOpen ? "feed-filters" : undefined}
            onClick={() => {
              // Closing puts the whole history back.
              if (filtersOpen) setFilters({});
              setFiltersOpen(!filtersOpen);
            }}
          >
            {strings.runs.searchToggle}
          </Button>
        </div>
        {filtersOpen ? (
          <Suspense fallback={null}>
            <FeedFilters value={filters} models={models} strings={strings.runs} statusLabels={strings.tasks.status} onChange={setFilters} />
          </Suspense>
        ) : null}
        <TaskFeed
          feed={compareRun ? { ...feed, tasks: feed.tasks.filter((task) => !compareRun.tasks.some((shown) => shown.id === task.id)) } : feed}
          emptyText={query !== "{}" ? strings.runs.noMatches : compareRun ? null : undefined}
          starLabel={strings.runs.star}
          expectedImages={(id) => expected.current.get(id) ?? 1}
          modelLabels={modelLabels}
          strings={strings.tasks}
          errorStrings={strings.errors}
          onUpdate={onUpdate}
          locale={locale}
          remix={remix}
          tools={tools}
        />
      </section>
      {erasing && fillModel ? (
        <Suspense fallback={null}>
          <MaskEditor
            image={erasing}
            fill={fillModel}
            locale={locale}
            strings={strings.imageTools}
            errorStrings={strings.errors}
            onCreated={(task) => onCreated(task, 1)}
            onClose={() => setErasing(null)}
          />
        </Suspense>
      ) : null}
      <LiveRegion message={message} />
    </div>
  );
}
