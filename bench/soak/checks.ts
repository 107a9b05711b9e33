import type { AdminStats } from "@/lib/shared/admin-stats";
import type { ImageSize } from "@/lib/shared/image-types";
import { parseInputImageRef } from "@/lib/shared/input-image-ref";
import { isModelKey, MODEL_CARDS } from "@/lib/shared/models/catalogue";
import { chargedRule, chargeMicrosFor, expectedOutputMegapixels, imagesAskedFor, priceMicrosOfInput } from "@/lib/shared/models/price";
import type { TaskView } from "@/lib/shared/task-view";
import { runPool } from "../lib/load";
import { isTerminalStatus, type SoakTask } from "./driver";
import { type EmulatorPrediction, taskIdOf } from "./emulator";
import type { Person } from "./sessions";

/** One assertion of the report: what must hold, whether it did, and the first few counter-examples. */
export interface Check {
  name: string;
  pass: boolean;
  summary: Record<string, unknown>;
  violations: string[];
}

const MAX_SHOWN = 15;

function check(name: string, violations: string[], summary: Record<string, unknown> = {}): Check {
  return { name, pass: violations.length === 0, summary: { ...summary, violations: violations.length }, violations: violations.slice(0, MAX_SHOWN) };
}

const micros = (usd: number | null | undefined) => Math.round((usd ?? 0) * 1_000_000);

export interface Listing {
  tasks: Map<string, { view: TaskView; person: Person }>;
  /** Lists that could not be read: their tasks are checked from what the driver knows. */
  errors: string[];
}

/** Every task the server holds, as its owner's list shows it (a create whose answer was lost is in there too). */
export async function listEveryTask(people: readonly Person[]): Promise<Listing> {
  const listing: Listing = { tasks: new Map(), errors: [] };
  await runPool(people, 4, async (person) => {
    let cursor: string | null = "";
    while (cursor !== null) {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const page = await person.session.get<{ tasks: TaskView[]; next_cursor: string | null }>(`/api/tasks?limit=50${query}`);
      if (page.status !== 200) return void listing.errors.push(`person ${person.index}: GET /api/tasks answered ${page.status}`);
      for (const view of page.body.tasks) listing.tasks.set(view.id, { view, person });
      cursor = page.body.next_cursor;
    }
  });
  return listing;
}

/**
 * 0 tasks lost or wrong: every task the driver created (and every one its owner's list shows) reads back with
 * `GET /api/tasks/:id`, has ended, a success has images that the app serves (200, an image type), a failure has
 * an error code. Reads each task and image once; returns the views read.
 */
export async function checkTasks(tasks: readonly SoakTask[], listing: Listing) {
  const listed = listing.tasks;
  const violations: string[] = [...listing.errors];
  const views = new Map<string, TaskView>();
  const owners = new Map([...listed].map(([id, entry]) => [id, entry.person] as const));
  for (const task of tasks) {
    if (task.id && !owners.has(task.id)) violations.push(`${task.id}: created (201) but missing from its owner's task list`);
    if (task.id) owners.set(task.id, task.person);
  }
  let images = 0;
  await runPool([...owners], 8, async ([id, person]) => {
    const read = await person.session.get<{ task?: TaskView }>(`/api/tasks/${id}`, "GET /api/tasks/:id (final read)");
    const view = read.body.task;
    if (read.status !== 200 || !view) return void violations.push(`${id}: GET /api/tasks/:id answered ${read.status}`);
    views.set(id, view);
    if (!isTerminalStatus(view.status)) violations.push(`${id}: still ${view.status} (${view.model}, cancel_requested ${view.cancel_requested})`);
    if (view.status === "succeeded" && view.images.length === 0) violations.push(`${id}: succeeded with no images`);
    if (view.status === "failed" && !view.error?.code) violations.push(`${id}: failed without an error code`);
    for (const image of view.images) {
      images += 1;
      const got = await person.session.fetchBytes(image.url);
      if (got.status !== 200 || !got.type.startsWith("image/") || got.bytes === 0) {
        violations.push(`${id}: ${image.url} answered ${got.status} ${got.type} (${got.bytes} bytes)`);
      }
    }
  });
  const createdIds = new Set(tasks.map((task) => task.id));
  const unknownToDriver = [...listed.keys()].filter((id) => !createdIds.has(id)).length;
  return {
    views,
    check: check("0 tasks lost or wrong", violations, { tasks: owners.size, imagesRead: images, listedButCreateAnswerLost: unknownToDriver }),
  };
}

/** The pixel size the server priced each reference by: the upload's, or the referenced output's (1000×1000 when unknown). */
function referenceSizes(people: readonly Person[], views: ReadonlyMap<string, TaskView>) {
  const uploads = new Map(people.flatMap((person) => person.uploads.map((u) => [u.ref, { width: u.width, height: u.height }] as const)));
  return (ref: string): ImageSize => {
    const parsed = parseInputImageRef(ref);
    if (parsed?.kind === "upload") return uploads.get(parsed.uploadId) ?? { width: 1000, height: 1000 };
    const image = parsed ? views.get(parsed.taskId)?.images[parsed.index] : undefined;
    return { width: image?.width ?? 1000, height: image?.height ?? 1000 };
  };
}

/**
 * What the task owes for the images it delivered: its reservation (the price of its input, as the server reserved
 * it by the shared price rule, with no MODEL_PRICES_USD override in this stack) shared per image asked for.
 */
function expectedChargeMicros(view: TaskView, sizeOf: (ref: string) => ImageSize): number | null {
  if (!isModelKey(view.model)) return null;
  const card = MODEL_CARDS[view.model];
  const inputs = [...(view.input_image ? [view.input_image.ref] : []), ...view.input_images.map((image) => image.ref)].map(sizeOf);
  const facts = { outputMegapixels: expectedOutputMegapixels(card.size, view.settings, inputs), inputImages: inputs };
  const reserved = priceMicrosOfInput(chargedRule(view.model, card.price), view.settings, facts);
  return chargeMicrosFor(reserved, imagesAskedFor(view.settings), view.images.length);
}

/**
 * Spend equals what was delivered: the global spend of the day(s) equals the sum of the tasks' cost; the
 * dashboard's task cost and count agree; each task is charged exactly when it delivered images, its share per image.
 */
export function checkSpend(views: ReadonlyMap<string, TaskView>, people: readonly Person[], stats: AdminStats | null): Check {
  if (!stats) return check("spend equals what was delivered", ["GET /api/admin/stats could not be read"]);
  const violations: string[] = [];
  const sizeOf = referenceSizes(people, views);
  let taskMicros = 0;
  for (const view of views.values()) {
    const cost = micros(view.cost_usd);
    taskMicros += cost;
    if (cost > 0 !== view.images.length > 0) violations.push(`${view.id}: ${view.status}, ${view.images.length} images, cost_usd ${view.cost_usd}`);
    const expected = view.images.length > 0 ? expectedChargeMicros(view, sizeOf) : 0;
    if (expected !== null && cost !== expected) {
      violations.push(
        `${view.id}: ${view.model} ${view.images.length} images charged ${cost} µ$, expected ${expected} µ$ (settings ${JSON.stringify(view.settings)})`,
      );
    }
  }
  const globalMicros = stats.spend.days.reduce((sum, day) => sum + micros(day.global_usd), 0);
  if (globalMicros !== taskMicros) violations.push(`global spend ${globalMicros} µ$ ≠ sum of task costs ${taskMicros} µ$`);
  if (micros(stats.tasks.cost_usd) !== taskMicros)
    violations.push(`stats tasks.cost_usd ${stats.tasks.cost_usd} ≠ sum of task costs ${taskMicros / 1e6}`);
  if (stats.tasks.total !== views.size) violations.push(`stats tasks.total ${stats.tasks.total} ≠ tasks read ${views.size}`);
  return check("spend equals what was delivered", violations, {
    globalSpendUsd: globalMicros / 1e6,
    sumOfTaskCostsUsd: taskMicros / 1e6,
    statsTasksCostUsd: stats.tasks.cost_usd,
    spendDays: stats.spend.days,
    clientAddressesSeen: stats.spend.top_clients.length,
  });
}

const PROVIDER_TERMINAL = ["succeeded", "failed", "canceled", "aborted"];
const deliveredImages = (p: EmulatorPrediction) => p.status === "succeeded" || (p.status === "canceled" && p.output !== null && p.output.length > 0);

/**
 * 0 predictions without a charged or canceled task: every prediction has ended at the provider, and one that
 * delivered images (succeeded, or canceled after its output) belongs to a task that was charged; at most one
 * prediction per task delivered (a second would be images made twice and paid once).
 */
export function checkPredictions(predictions: readonly EmulatorPrediction[], views: ReadonlyMap<string, TaskView>): Check {
  const violations: string[] = [];
  const deliveredPerTask = new Map<string, number>();
  const perTask = new Map<string, number>();
  for (const prediction of predictions) {
    const taskId = taskIdOf(prediction);
    if (taskId) perTask.set(taskId, (perTask.get(taskId) ?? 0) + 1);
    if (!PROVIDER_TERMINAL.includes(prediction.status))
      violations.push(`${prediction.id}: still ${prediction.status} at the provider (task ${taskId})`);
    if (!deliveredImages(prediction)) continue;
    const task = taskId ? views.get(taskId) : undefined;
    if (!task) violations.push(`${prediction.id}: ${prediction.status} with output, for no task the app knows (${taskId})`);
    else if (micros(task.cost_usd) <= 0)
      violations.push(`${prediction.id}: ${prediction.status} with output, but task ${task.id} is ${task.status} and not charged`);
    if (taskId) deliveredPerTask.set(taskId, (deliveredPerTask.get(taskId) ?? 0) + 1);
  }
  for (const [taskId, count] of deliveredPerTask) if (count > 1) violations.push(`task ${taskId}: ${count} predictions delivered images`);
  const byStatus: Record<string, number> = {};
  for (const p of predictions) byStatus[p.status] = (byStatus[p.status] ?? 0) + 1;
  return check("0 predictions without a charged or canceled task", violations, {
    predictions: predictions.length,
    byStatus,
    canceledWithOutput: predictions.filter((p) => p.status === "canceled" && deliveredImages(p)).length,
    tasksWithMoreThanOnePrediction: [...perTask.values()].filter((n) => n > 1).length,
  });
}

/** Every `POST /api/generate` is answered 201 with a task (a provider failure fails the task, not the request). */
export function checkCreates(tasks: readonly SoakTask[]): Check {
  const violations = tasks
    .filter((task) => task.createStatus !== 201)
    .map((task) => `#${task.index} ${task.model}: ${task.createStatus} ${task.createError ?? ""}`.trim());
  return check("every POST /api/generate answered 201", violations, { creates: tasks.length });
}
