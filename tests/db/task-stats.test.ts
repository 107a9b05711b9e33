import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertTask, listTasksForStats } from "../../db/queries/tasks";
import { createTestD1, type TestD1 } from "../helpers/d1";
import { newTask } from "./task-fixture";

let env: TestD1;

beforeAll(async () => {
  env = await createTestD1();
});
afterAll(async () => {
  await env?.dispose();
});

const DAY_ONE = Date.UTC(2026, 0, 10, 12);
const DAY_TWO = Date.UTC(2026, 0, 11, 0, 30);

describe("listTasksForStats", () => {
  it("counts by status and model and sums images and cost per UTC day and model", async () => {
    const { db } = env;
    const drafts = [
      newTask({ modelKey: "flux-schnell", status: "succeeded", outputCount: 2, costUsd: 0.006, createdAt: DAY_ONE }),
      newTask({ modelKey: "flux-schnell", status: "succeeded", outputCount: 1, costUsd: 0.003, createdAt: DAY_ONE + 1 }),
      newTask({ modelKey: "flux-schnell", status: "failed", createdAt: DAY_ONE + 2 }),
      newTask({ modelKey: "flux-dev", status: "succeeded", outputCount: 1, costUsd: 0.025, createdAt: DAY_ONE + 3 }),
      newTask({ modelKey: "flux-schnell", status: "succeeded", outputCount: 4, costUsd: 0.012, createdAt: DAY_TWO }),
      newTask({ modelKey: "flux-dev", status: "processing", createdAt: DAY_TWO + 1 }),
      newTask({ modelKey: "flux-pro", status: "succeeded", outputCount: 1, costUsd: 0.04, createdAt: DAY_ONE - 1 }), // before `since`
    ];
    await Promise.all(drafts.map((task) => insertTask(db, { task })));

    const stats = await listTasksForStats(db, { since: DAY_ONE });

    expect(stats.byStatusAndModel).toEqual([
      { modelKey: "flux-dev", status: "processing", count: 1 },
      { modelKey: "flux-dev", status: "succeeded", count: 1 },
      { modelKey: "flux-schnell", status: "failed", count: 1 },
      { modelKey: "flux-schnell", status: "succeeded", count: 3 },
    ]);
    expect(stats.dailyByModel).toHaveLength(4);
    const [devDayOne, schnellDayOne, devDayTwo, schnellDayTwo] = stats.dailyByModel;
    expect(devDayOne).toEqual({ day: "2026-01-10", modelKey: "flux-dev", tasks: 1, images: 1, costUsd: 0.025 });
    expect(schnellDayOne).toMatchObject({ day: "2026-01-10", modelKey: "flux-schnell", tasks: 3, images: 3 });
    expect(schnellDayOne?.costUsd).toBeCloseTo(0.009, 10);
    expect(devDayTwo).toEqual({ day: "2026-01-11", modelKey: "flux-dev", tasks: 1, images: 0, costUsd: 0 });
    expect(schnellDayTwo).toEqual({ day: "2026-01-11", modelKey: "flux-schnell", tasks: 1, images: 4, costUsd: 0.012 });
  });
});
