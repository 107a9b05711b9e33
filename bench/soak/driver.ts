import { performance } from "node:perf_hooks";
import type { TaskStatus } from "@/lib/shared/task-status";
import type { TaskView } from "@/lib/shared/task-view";
import { sleep } from "../lib/load";
import type { Answer } from "./client";
import type { Random } from "./random";
import { type Person, referenceOf } from "./sessions";
import { generateRequest, pickModel, type SoakModel } from "./task-mix";

const TERMINAL: readonly TaskStatus[] = ["succeeded", "failed", "canceled"];
export const isTerminalStatus = (status: string | undefined) => TERMINAL.includes(status as TaskStatus);

/** How the owner cancels: not at all, while the create is in flight (seen `submitting` in the list), or right after it answered. */
type CancelPlan = "none" | "in-flight" | "after-create";

/** One task of the run, as the driver saw it. */
export interface SoakTask {
  index: number;
  person: Person;
  model: SoakModel;
  /** In the prompt, so the person's task list can find the task before the create answers. */
  marker: string;
  cancelPlan: CancelPlan;
  createStatus: number | null;
  createError: string | null;
  id: string | null;
  /** The latest view read. */
  view: TaskView | null;
  /** What the cancel did: when it was sent and what it answered (409 = the task had ended first). */
  cancel: { when: "while-submitting" | "after-create"; status: number } | null;
}

interface DriverContext {
  random: Random;
  pollMs: number;
  /** Polling stops at this time (performance clock) even if the task has not ended; the checks read it again. */
  pollUntil: () => number;
}

/** The person's newest tasks, until the create answers: cancels ours when it shows as `submitting`. */
async function cancelWhileSubmitting(task: SoakTask, createDone: () => boolean): Promise<void> {
  const { session } = task.person;
  while (!createDone()) {
    const list = await session.get<{ tasks?: TaskView[] }>("/api/tasks?limit=10", "GET /api/tasks");
    const mine = list.body.tasks?.find((t) => t.prompt.includes(`soak ${task.marker}:`));
    if (mine && mine.status !== "submitting") return;
    if (mine && !createDone()) {
      const answer = await session.post(`/api/tasks/${mine.id}/cancel`, undefined, "POST /api/tasks/:id/cancel");
      task.cancel = { when: "while-submitting", status: answer.status };
      return;
    }
    await sleep(20);
  }
}

/** A 201 carries the task; anything else the error code, or the text of a network error (status 0). */
function noteCreate(task: SoakTask, answer: Answer<{ task?: TaskView; error?: { code: string } } | string>): void {
  task.createStatus = answer.status;
  const body = answer.body;
  if (typeof body === "string") {
    task.createError = body.slice(0, 200);
  } else if (answer.status === 201 && body.task) {
    task.id = body.task.id;
    task.view = body.task;
  } else {
    task.createError = body.error?.code ?? `HTTP ${answer.status}`;
  }
}

/** Polls `GET /api/tasks/:id` until the task ends (or polling time is up); a success becomes a reference for later tasks. */
async function followUntilEnded(task: SoakTask, context: DriverContext): Promise<void> {
  const { session } = task.person;
  while (task.id && !isTerminalStatus(task.view?.status) && performance.now() < context.pollUntil()) {
    await sleep(context.pollMs * (0.75 + context.random.next() / 2));
    const read = await session.get<{ task?: TaskView }>(`/api/tasks/${task.id}`, "GET /api/tasks/:id");
    if (read.status === 200 && read.body.task) task.view = read.body.task;
  }
  if (task.view?.status === "succeeded") {
    const reference = referenceOf(task.view);
    if (reference) task.person.succeeded.push(reference);
  }
}

/** One task's life as its owner lives it: create, perhaps cancel, follow it to the end. */
async function runTask(task: SoakTask, context: DriverContext, inFlight: { creates: number; peak: number }): Promise<void> {
  const body = generateRequest(task.model, task.person, task.marker, context.random);
  let createDone = false;
  inFlight.creates += 1;
  inFlight.peak = Math.max(inFlight.peak, inFlight.creates);
  const create = task.person.session.post("/api/generate", body, "POST /api/generate").finally(() => {
    createDone = true;
    inFlight.creates -= 1;
  });
  const racing = task.cancelPlan === "in-flight" ? cancelWhileSubmitting(task, () => createDone) : Promise.resolve();
  noteCreate(task, await create);
  await racing;
  // An in-flight cancel that never saw the task submitting (the create was quicker than the list) cancels now instead.
  if (task.cancelPlan !== "none" && task.cancel === null && task.id && !isTerminalStatus(task.view?.status)) {
    const answer = await task.person.session.post<{ task?: TaskView }>(`/api/tasks/${task.id}/cancel`, undefined, "POST /api/tasks/:id/cancel");
    task.cancel = { when: "after-create", status: answer.status };
    if (answer.status === 200 && answer.body.task) task.view = answer.body.task;
  }
  await followUntilEnded(task, context);
}

/** Plans every task up front (model, person, cancel) from the seed, so two runs with one seed ask for the same things. */
export function planTasks(count: number, people: readonly Person[], cancelRate: number, random: Random): SoakTask[] {
  return Array.from({ length: count }, (_, index) => {
    const cancelled = random.chance(cancelRate);
    return {
      index,
      person: random.pick(people),
      model: pickModel(random),
      marker: `#${index}-${random.int(0, 1e9).toString(36)}`,
      cancelPlan: cancelled ? (random.chance(0.5) ? "in-flight" : "after-create") : "none",
      createStatus: null,
      createError: null,
      id: null,
      view: null,
      cancel: null,
    };
  });
}

/**
 * Starts the tasks at an even pace over `seconds` (open loop: a slow server does not slow the arrivals, as real
 * people would not wait for each other), then waits for every task's owner to see it end or give up.
 */
export async function runLoad(tasks: SoakTask[], seconds: number, context: DriverContext, onProgress: (started: number) => void) {
  const intervalMs = (seconds * 1000) / tasks.length;
  const inFlight = { creates: 0, peak: 0 };
  const started = performance.now();
  const running: Promise<void>[] = [];
  for (const task of tasks) {
    const due = started + task.index * intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    running.push(runTask(task, context, inFlight));
    if ((task.index + 1) % 100 === 0) onProgress(task.index + 1);
  }
  const loadSeconds = (performance.now() - started) / 1000;
  await Promise.all(running);
  return { loadSeconds, settledSeconds: (performance.now() - started) / 1000, peakCreatesInFlight: inFlight.peak };
}
