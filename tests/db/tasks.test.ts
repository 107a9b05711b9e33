import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../db/client";
import { advanceTaskStatus, failTask, getTaskById, insertTask, setPredictionId, recordProviderProgress } from "../../db/queries/tasks";
import { isUniqueViolation } from "../../db/errors";
import { TASK_STATUS_RANK, type TaskStatus } from "../../lib/shared/task-status";
import { countingD1, type StatementCounter } from "../helpers/counting-d1";
import { createTestD1, type TestD1 } from "../helpers/d1";
import { BASE_TIME, newTask } from "./task-fixture";

let env: TestD1;
let db: Db;
let counted: { db: Db; counter: StatementCounter };

beforeAll(async () => {
  env = await createTestD1();
  db = env.db;
  const counting = countingD1(env.d1);
  counted = { db: createDb(counting.d1), counter: counting.counter };
});
afterAll(async () => {
  await env?.dispose();
});

describe("insertTask / getTaskById", () => {
  it("round-trips every column, with defaults and the rank derived from the status", async () => {
    const draft = newTask({ params: { seed: 42, lora_weights: "owner/lora", lora_scale: 0.8 }, isPrivate: true });
    const inserted = await insertTask(db, { task: draft });
    const read = await getTaskById(db, { id: draft.id });

    expect(read).toEqual(inserted);
    expect(read).toMatchObject({
      id: draft.id,
      params: { seed: 42, lora_weights: "owner/lora", lora_scale: 0.8 },
      isPrivate: true,
      status: "queued",
      statusRank: 0,
      progress: 0,
      predictionId: null,
      outputKeys: [],
      outputCount: null,
      costUsd: null,
      startedAt: null,
      completedAt: null,
      reconciledAt: null,
    });
  });

  it("sets status_rank from the given status, whatever the caller passes", async () => {
    const task = await insertTask(db, { task: newTask({ status: "submitting", statusRank: 3 }) });
    expect(task.statusRank).toBe(TASK_STATUS_RANK.submitting);
  });

  it("returns undefined for an unknown id", async () => {
    expect(await getTaskById(db, { id: "no-such-task" })).toBeUndefined();
  });

  it("rejects a status outside the list (CHECK constraint)", async () => {
    const raw = env.d1.prepare(
      "INSERT INTO tasks (id, user_id, model_key, provider_model, prompt, aspect_ratio, locale, status, status_rank, created_at, updated_at) VALUES ('bad', 'u', 'm', 'p', 'x', '1:1', 'en', 'exploded', 9, 1, 1)",
    );
    await expect(raw.run()).rejects.toThrow(/CHECK constraint failed/);
  });

  it("reads a task with one statement", async () => {
    const task = await insertTask(db, { task: newTask() });
    counted.counter.reset();
    await getTaskById(counted.db, { id: task.id });
    expect(counted.counter.statements).toBe(1);
  });
});

describe("advanceTaskStatus", () => {
  it("moves forward and records the details of each step", async () => {
    const task = await insertTask(db, { task: newTask() });
    const submitting = await advanceTaskStatus(db, { id: task.id, status: "submitting", now: BASE_TIME + 10 });
    expect(submitting).toMatchObject({ status: "submitting", statusRank: 1, updatedAt: BASE_TIME + 10, startedAt: null });

    const processing = await advanceTaskStatus(db, {
      id: task.id,
      status: "processing",
      predictionId: "pred-advance-1",
      storePredictionId: true,
      progress: 30,
      now: BASE_TIME + 20,
    });
    expect(processing).toMatchObject({
      status: "processing",
      statusRank: 3,
      predictionId: "pred-advance-1",
      progress: 30,
      startedAt: BASE_TIME + 20,
    });

    const succeeded = await advanceTaskStatus(db, {
      id: task.id,
      status: "succeeded",
      predictionId: "pred-advance-1",
      startedAt: BASE_TIME + 5,
      completedAt: BASE_TIME + 25,
      outputKeys: [`tasks/${task.id}/0.webp`],
      costUsd: 0.003,
      now: BASE_TIME + 30,
    });
    expect(succeeded).toMatchObject({
      status: "succeeded",
      statusRank: 4,
      progress: 100,
      startedAt: BASE_TIME + 20, // the first value stays
      completedAt: BASE_TIME + 25,
      outputKeys: [`tasks/${task.id}/0.webp`],
      outputCount: 1,
      costUsd: 0.003,
    });
  });

  it("is a no-op for an equal or lower rank", async () => {
    const task = await insertTask(db, { task: newTask() });
    await advanceTaskStatus(db, { id: task.id, status: "processing", progress: 40, now: BASE_TIME + 1 });

    for (const status of ["queued", "submitting", "starting", "processing"] as const) {
      expect(await advanceTaskStatus(db, { id: task.id, status, progress: 90, now: BASE_TIME + 2 })).toBeUndefined();
    }
    expect(await getTaskById(db, { id: task.id })).toMatchObject({ status: "processing", progress: 40, updatedAt: BASE_TIME + 1 });
  });

  it("never changes a terminal task again, not even to another terminal status", async () => {
    const task = await insertTask(db, { task: newTask() });
    const failed = await failTask(db, { id: task.id, errorCode: "provider_error", errorMessage: "boom", now: BASE_TIME + 1 });
    expect(failed).toMatchObject({ status: "failed", errorCode: "provider_error", errorMessage: "boom", completedAt: BASE_TIME + 1 });

    const later: TaskStatus[] = ["succeeded", "canceled", "failed", "processing"];
    for (const status of later) {
      expect(await advanceTaskStatus(db, { id: task.id, status, now: BASE_TIME + 2 })).toBeUndefined();
    }
    expect(await failTask(db, { id: task.id, errorCode: "x", errorMessage: "y", now: BASE_TIME + 3 })).toBeUndefined();
    expect(await getTaskById(db, { id: task.id })).toEqual(failed);
  });

  it("refuses an event for a different prediction than the stored one", async () => {
    const task = await insertTask(db, { task: newTask() });
    await advanceTaskStatus(db, { id: task.id, status: "starting", predictionId: "pred-mine", storePredictionId: true, now: BASE_TIME + 1 });

    const foreign = await advanceTaskStatus(db, { id: task.id, status: "succeeded", predictionId: "pred-other", now: BASE_TIME + 2 });
    expect(foreign).toBeUndefined();
    const own = await advanceTaskStatus(db, { id: task.id, status: "processing", predictionId: "pred-mine", now: BASE_TIME + 3 });
    expect(own?.status).toBe("processing");
  });

  it("is one statement, whatever it sets", async () => {
    const task = await insertTask(db, { task: newTask() });
    counted.counter.reset();
    await advanceTaskStatus(counted.db, {
      id: task.id,
      status: "succeeded",
      predictionId: "pred-one-statement",
      progress: 100,
      outputKeys: ["a", "b"],
      costUsd: 0.01,
      now: BASE_TIME,
    });
    await advanceTaskStatus(counted.db, { id: task.id, status: "failed", now: BASE_TIME });
    expect(counted.counter).toMatchObject({ statements: 2, roundTrips: 2 });
  });
});

describe("recordProviderProgress", () => {
  const event = (id: string, status: "starting" | "processing", progress: number | null, now = BASE_TIME) => ({
    id,
    predictionId: `pred-progress-${id}`,
    status,
    progress,
    progressStep: 10,
    progressIntervalMs: 0,
    startedAt: BASE_TIME,
    now,
  });

  it("raises status and progress in one round trip, and ignores what does not move forward", async () => {
    const task = await insertTask(db, { task: newTask({ status: "submitting" }) });
    counted.counter.reset();
    const started = await recordProviderProgress(counted.db, event(task.id, "starting", null));
    expect(counted.counter.roundTrips).toBe(1);
    expect(started).toMatchObject({ status: "starting", statusRank: 2, predictionId: `pred-progress-${task.id}`, startedAt: BASE_TIME });

    expect(await recordProviderProgress(db, event(task.id, "processing", 45, BASE_TIME + 1))).toMatchObject({ status: "processing", progress: 45 });
    // Lower or equal status with a small rise is a no-op: nothing is written.
    expect(await recordProviderProgress(db, event(task.id, "starting", 50, BASE_TIME + 2))).toBeUndefined();
    expect(await recordProviderProgress(db, event(task.id, "processing", 30, BASE_TIME + 3))).toBeUndefined();
    expect(await recordProviderProgress(db, event(task.id, "processing", 60, BASE_TIME + 4))).toMatchObject({ progress: 60 });
    expect(await recordProviderProgress(db, event(task.id, "processing", 100, BASE_TIME + 5))).toMatchObject({ progress: 100 });
    expect(await getTaskById(db, { id: task.id })).toMatchObject({ status: "processing", progress: 100, updatedAt: BASE_TIME + 5 });
  });

  it("writes a progress rise at most once per interval, except 100", async () => {
    const task = await insertTask(db, { task: newTask({ status: "processing", createdAt: BASE_TIME, updatedAt: BASE_TIME }) });
    const throttled = (progress: number, now: number) => ({ ...event(task.id, "processing", progress, now), progressIntervalMs: 1000 });
    expect(await recordProviderProgress(db, throttled(30, BASE_TIME + 1000))).toMatchObject({ progress: 30 });
    expect(await recordProviderProgress(db, throttled(60, BASE_TIME + 1500))).toBeUndefined();
    expect(await recordProviderProgress(db, throttled(60, BASE_TIME + 2000))).toMatchObject({ progress: 60 });
    expect(await recordProviderProgress(db, throttled(100, BASE_TIME + 2100))).toMatchObject({ progress: 100 });
  });

  it("never touches a terminal task or one with another prediction", async () => {
    const done = await insertTask(db, { task: newTask({ status: "canceled" }) });
    expect(await recordProviderProgress(db, event(done.id, "processing", 50))).toBeUndefined();
    const other = await insertTask(db, { task: newTask({ status: "starting", predictionId: "pred-someone-else" }) });
    expect(await recordProviderProgress(db, event(other.id, "processing", 50))).toBeUndefined();
    expect((await getTaskById(db, { id: other.id }))?.status).toBe("starting");
  });

  it("keeps the highest status and progress under concurrent writers", async () => {
    const task = await insertTask(db, { task: newTask({ status: "submitting" }) });
    const values = Array.from({ length: 40 }, (_, i) => (i * 37) % 100);
    await Promise.all(
      values.map((progress, i) => recordProviderProgress(db, event(task.id, i % 3 === 0 ? "starting" : "processing", progress, BASE_TIME + i))),
    );
    const after = await getTaskById(db, { id: task.id });
    expect(after?.status).toBe("processing");
    expect(after?.progress).toBeGreaterThanOrEqual(Math.max(...values) - 9);
  });

  it("lets advanceTaskStatus raise but not lower progress", async () => {
    const task = await insertTask(db, { task: newTask({ status: "starting", progress: 60 }) });
    const advanced = await advanceTaskStatus(db, { id: task.id, status: "processing", progress: 10, now: BASE_TIME });
    expect(advanced?.progress).toBe(60);
  });
});

describe("prediction ids", () => {
  it("setPredictionId stores an id once and accepts the same id again", async () => {
    const task = await insertTask(db, { task: newTask({ status: "submitting" }) });
    expect(await setPredictionId(db, { id: task.id, predictionId: "pred-set-1", now: BASE_TIME + 1 })).toMatchObject({
      predictionId: "pred-set-1",
      updatedAt: BASE_TIME + 1,
    });
    expect(await setPredictionId(db, { id: task.id, predictionId: "pred-set-1", now: BASE_TIME + 2 })).toBeDefined();
    expect(await setPredictionId(db, { id: task.id, predictionId: "pred-set-2", now: BASE_TIME + 3 })).toBeUndefined();
    expect((await getTaskById(db, { id: task.id }))?.predictionId).toBe("pred-set-1");
  });

  it("cannot give two tasks the same prediction id", async () => {
    const first = await insertTask(db, { task: newTask() });
    const second = await insertTask(db, { task: newTask() });
    await setPredictionId(db, { id: first.id, predictionId: "pred-unique", now: BASE_TIME });
    const duplicates = await Promise.allSettled([
      setPredictionId(db, { id: second.id, predictionId: "pred-unique", now: BASE_TIME }),
      insertTask(db, { task: newTask({ predictionId: "pred-unique" }) }),
    ]);
    for (const outcome of duplicates) {
      expect(outcome.status).toBe("rejected");
      if (outcome.status === "rejected") expect(isUniqueViolation(outcome.reason)).toBe(true);
    }
    expect((await getTaskById(db, { id: second.id }))?.predictionId).toBeNull();
  });

  it("lets many tasks have no prediction id yet", async () => {
    const tasks = await Promise.all([1, 2, 3].map(() => insertTask(db, { task: newTask() })));
    expect(tasks.every((task) => task.predictionId === null)).toBe(true);
  });
});

describe("isUniqueViolation", () => {
  it("is false for other failures", async () => {
    const failure = await env.d1
      .prepare("SELECT * FROM no_such_table")
      .all()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(isUniqueViolation(failure)).toBe(false);
    expect(isUniqueViolation("UNIQUE constraint failed")).toBe(false);
  });
});
