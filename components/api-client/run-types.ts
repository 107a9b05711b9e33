import type * as z from "zod";
import type { runRequestSchema } from "@/lib/shared/api/runs";
import type { TaskPage } from "@/lib/shared/task-view";

export type { RunView } from "@/lib/shared/api/runs";

/** POST /api/runs: `models` (compare) or `prompts` (several prompts), with the settings every task shares. */
export type RunRequest = z.input<typeof runRequestSchema>;

/** A task of a search page: UTF-16 offsets into its prompt of the words that matched. */
export type SearchedTask = TaskPage["tasks"][number];
