import { describe, expect, it } from "vitest";
import { cssAspectRatio, imageGroupLayout, parseAspectRatio } from "@/components/tasks/aspect-ratio";
import { elapsedMs, formatElapsed } from "@/components/tasks/elapsed";
import { delayAfterFailure, nextPollDelay, POLL_FIRST_MS, POLL_MAX_MS } from "@/components/tasks/poll-delay";
import type { TaskView } from "@/lib/shared/task-view";
import { mergeTasks } from "@/components/tasks/merge-tasks";

function task(id: string, createdAt: string, status: TaskView["status"] = "processing"): TaskView {
  return {
    id,
    status,
    progress: 0,
    model: "flux-schnell",
    prompt: id,
    aspect_ratio: "1:1",
    is_private: false,
    locale: "en",
    seed: null,
    seed_reproducible: true,
    parent_id: null,
    run_id: null,
    starred: false,
    mask: null,
    input_image: null,
    settings: {},
    images: [],
    input_images: [],
    error: null,
    cost_usd: null,
    cancel_requested: false,
    created_at: createdAt,
    started_at: null,
    completed_at: null,
  };
}

describe("poll delays", () => {
  it("grow from 500 ms to 4 s while nothing changes", () => {
    const delays = [POLL_FIRST_MS];
    for (let i = 0; i < 8; i++) delays.push(nextPollDelay(delays.at(-1) ?? 0, false));
    expect(delays.slice(0, 4)).toEqual([500, 750, 1125, 1688]);
    expect(delays.at(-1)).toBe(POLL_MAX_MS);
    expect(delays.every((delay, i) => i === 0 || delay >= (delays[i - 1] ?? 0))).toBe(true);
  });

  it("come back to at most a second while the task moves", () => {
    expect(nextPollDelay(4000, true)).toBe(1000);
    expect(nextPollDelay(750, true)).toBe(750);
    expect(nextPollDelay(100, true)).toBe(POLL_FIRST_MS);
  });

  it("honour Retry-After after a failed poll, within a cap", () => {
    expect(delayAfterFailure(500, null)).toBe(750);
    expect(delayAfterFailure(500, 10)).toBe(10_000);
    expect(delayAfterFailure(4000, 1)).toBe(4000);
    expect(delayAfterFailure(500, 3600)).toBe(60_000);
  });
});

describe("elapsed time", () => {
  it("formats as m:ss or h:mm:ss", () => {
    expect(formatElapsed(0)).toBe("0:00");
    expect(formatElapsed(9_400)).toBe("0:09");
    expect(formatElapsed(75_000)).toBe("1:15");
    expect(formatElapsed(3_725_000)).toBe("1:02:05");
    expect(formatElapsed(-5_000)).toBe("0:00");
  });

  it("runs until completion and then stops", () => {
    const running = task("a", "2026-01-01T00:00:00.000Z");
    expect(elapsedMs(running, Date.parse("2026-01-01T00:00:12.000Z"))).toBe(12_000);
    const done = { ...running, completed_at: "2026-01-01T00:00:05.000Z" };
    expect(elapsedMs(done, Date.parse("2026-01-01T01:00:00.000Z"))).toBe(5_000);
    expect(elapsedMs({ ...running, created_at: "garbage" }, 0)).toBeNull();
  });
});

describe("aspect ratios", () => {
  it("parse into CSS aspect-ratio values", () => {
    expect(parseAspectRatio("16:9")).toEqual({ width: 16, height: 9 });
    expect(cssAspectRatio("9:21")).toBe("9 / 21");
    expect(parseAspectRatio("0:1")).toBeNull();
    expect(cssAspectRatio("custom")).toBe("1 / 1");
  });
});

describe("imageGroupLayout", () => {
  it("keeps one image in its own proportions", () => {
    expect(imageGroupLayout(1, "16:9")).toEqual({ columns: 1, aspectRatio: "16 / 9", wide: true });
    expect(imageGroupLayout(1, "9:16")).toEqual({ columns: 1, aspectRatio: "9 / 16", wide: false });
  });

  it("arranges several images into the group closest to square", () => {
    expect(imageGroupLayout(4, "1:1")).toEqual({ columns: 2, aspectRatio: "2 / 2", wide: true });
    expect(imageGroupLayout(2, "16:9")).toEqual({ columns: 1, aspectRatio: "16 / 18", wide: false });
    expect(imageGroupLayout(2, "9:16")).toEqual({ columns: 2, aspectRatio: "18 / 16", wide: true });
    expect(imageGroupLayout(3, "21:9").columns).toBe(1);
  });
});

describe("mergeTasks", () => {
  it("keeps one copy of each task, newest first, fresher copies winning", () => {
    const old = task("old", "2026-01-01T00:00:00Z");
    const mid = task("mid", "2026-01-02T00:00:00Z");
    const fresh = task("new", "2026-01-03T00:00:00Z");
    const merged = mergeTasks([mid, old], [fresh, { ...mid, status: "succeeded" }]);
    expect(merged.map((t) => t.id)).toEqual(["new", "mid", "old"]);
    expect(merged[1]?.status).toBe("succeeded");
  });
});
