import { describe, expect, it } from "vitest";
import { CHECK_CLOSE_MS, CHECK_FASTEST_MS, CHECK_SLOWEST_MS, nextCheckMs } from "@/lib/tasks/task-events";
import type { Task } from "@/db/schema";

const task = (fields: Partial<Task>) => ({ status: "processing", progress: 0, startedAt: null, ...fields }) as Task;

describe("the event stream's pace", () => {
  it("checks slowly while a task waits for a slot or the provider", () => {
    expect(nextCheckMs(task({ status: "queued" }), 0)).toBe(CHECK_SLOWEST_MS);
    expect(nextCheckMs(task({ status: "submitting" }), 0)).toBe(CHECK_SLOWEST_MS);
    expect(nextCheckMs(task({ status: "starting" }), 0)).toBeLessThan(CHECK_SLOWEST_MS);
  });

  it("follows the estimated time left, and watches the last second at the fastest pace", () => {
    // 10 % after 2 s: about 18 s left.
    expect(nextCheckMs(task({ progress: 10, startedAt: 0 }), 2000)).toBe(CHECK_SLOWEST_MS);
    // 50 % after 10 s: 10 s left → a quarter of it, capped.
    expect(nextCheckMs(task({ progress: 50, startedAt: 0 }), 10_000)).toBe(CHECK_SLOWEST_MS);
    // 75 % after 10.5 s: 3.5 s left → a quarter of it.
    expect(nextCheckMs(task({ progress: 75, startedAt: 0 }), 10_500)).toBe(875);
    // 60 % after 4 s: about 2.7 s left.
    expect(nextCheckMs(task({ progress: 60, startedAt: 0 }), 4000)).toBe(CHECK_CLOSE_MS);
    // 90 % after 9 s: about 1 s left, the image is due.
    expect(nextCheckMs(task({ progress: 90, startedAt: 0 }), 9000)).toBe(CHECK_FASTEST_MS);
    expect(nextCheckMs(task({ progress: 100, startedAt: 0 }), 9000)).toBe(CHECK_FASTEST_MS);
  });
});
