import type { TaskView } from "@/lib/shared/task-view";

// TODO(merge issue-21): replace with the types inferred from lib/shared/api/runs.ts once the runs route lands.

/** POST /api/runs: `models` (compare) or `prompts` (several prompts), with the settings every task shares. */
export type RunRequest = ({ models: string[]; prompt: string } | { model: string; prompts: string[] }) & Record<string, unknown>;

export interface RunView {
  id: string;
  is_private: boolean;
  created_at: string;
  tasks: TaskView[];
}

/** A task of a search page: UTF-16 offsets into its prompt of the words that matched. */
export type SearchedTask = TaskView & { match?: { ranges: [number, number][] } };

export const RUN_MODELS_MIN = 2;
export const RUN_MODELS_MAX = 4;
export const RUN_PROMPTS_MAX = 10;
export const SEARCH_QUERY_MAX = 200;
