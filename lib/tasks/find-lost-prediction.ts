import "server-only";
import type { Prediction } from "@/lib/ai-gateway";
import type { App } from "@/lib/platform/app";
import { isUniqueViolation } from "@/db/errors";
import { setPredictionId } from "@/db/queries/tasks";
import type { Task } from "@/db/schema";

/** Pages of Replicate's list (100 predictions each) one lost create may cost; a pass shares them. */
const PAGES_PER_TASK = 5;
/** Clock skew allowed between our clock and the provider's `created_at`. */
const SKEW_MS = 60_000;

interface Window {
  after: number;
  before: number;
}

/**
 * Replicate's list of the account's predictions (newest first), read a page at a time as searches need it and
 * shared by every lost create one reconcile pass looks for: one list per pass, not one per task.
 */
export class PredictionList {
  private readonly seen: Prediction[] = [];
  private nextQuery: string | null | undefined = undefined;
  private pagesLeft: number;

  constructor(
    private readonly app: App,
    private readonly window: Window,
    tasks: number,
  ) {
    this.pagesLeft = PAGES_PER_TASK * Math.max(1, tasks);
  }

  /** The window a list must cover to search for these tasks' creates. */
  static windowOf(app: App, tasks: readonly Task[]): Window {
    const times = tasks.map((task) => task.updatedAt);
    return {
      after: Math.min(...times) - SKEW_MS,
      before: Math.max(...times) + app.env.PROVIDER_TIMEOUT_SECONDS * 1000 + SKEW_MS,
    };
  }

  covers(window: Window): boolean {
    return this.window.after <= window.after && window.before <= this.window.before;
  }

  /** The i-th prediction of the list, reading the next page when needed; `end` when the list has no more, `unread` when the page budget is spent. */
  async at(index: number, context: { taskId: string; model: string }): Promise<Prediction | "end" | "unread"> {
    while (index >= this.seen.length) {
      if (this.nextQuery === null) return "end";
      if (this.pagesLeft <= 0) return "unread";
      this.pagesLeft -= 1;
      const page = await this.app.gateway.listPredictions(
        this.nextQuery === undefined
          ? { createdAfter: new Date(this.window.after).toISOString(), createdBefore: new Date(this.window.before).toISOString() }
          : { nextQuery: this.nextQuery },
        context,
      );
      this.seen.push(...page.results);
      this.nextQuery = page.nextQuery;
    }
    return this.seen[index] as Prediction;
  }
}

/** What a search found: the task with the prediction's id stored, `none` (the provider surely has none), or `unknown`. */
export type LostCreateSearch = Task | "none" | "unknown";

/**
 * A create whose answer was lost (timeout, dropped connection) may still have made a prediction. It is looked up
 * in the account's list of predictions created while the call could have been in flight: same model, same
 * prompt, not already the prediction of another task. The id is stored on the task (the unique index settles a
 * race between two searches). `none` only when the list was read past the task's window, which confirms nothing was
 * made; `unknown` when the page budget ran out first (the next pass looks again).
 */
export async function findLostPrediction(app: App, task: Task, shared?: PredictionList): Promise<LostCreateSearch> {
  const window = PredictionList.windowOf(app, [task]);
  const list = shared?.covers(window) ? shared : new PredictionList(app, window, 1);
  const context = { taskId: task.id, model: task.modelKey };
  // Newest first: candidates are tried oldest first, as their creates were sent.
  const candidates: Prediction[] = [];
  for (let index = 0; ; index++) {
    const prediction = await list.at(index, context);
    if (prediction === "unread") return "unknown";
    if (prediction === "end") break;
    const createdAt = Date.parse(prediction.created_at ?? "");
    if (createdAt > window.before) continue;
    if (createdAt < window.after) break;
    if (isCreateOf(task, prediction)) candidates.push(prediction);
  }
  for (const prediction of candidates.reverse()) {
    const stored = await claim(app, task, prediction);
    if (stored) return stored;
  }
  return "none";
}

function isCreateOf(task: Task, prediction: Prediction): boolean {
  return prediction.model === task.providerModel && prediction.input.prompt === task.prompt;
}

async function claim(app: App, task: Task, prediction: Prediction): Promise<Task | undefined> {
  try {
    const stored = await setPredictionId(app.db, { id: task.id, predictionId: prediction.id, now: app.now() });
    return stored?.predictionId === prediction.id ? stored : undefined;
  } catch (error) {
    // Another task's prediction (same prompt, same minute): try the next candidate.
    if (isUniqueViolation(error)) return undefined;
    throw error;
  }
}
