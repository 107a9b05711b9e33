import { describe, expect, it } from "vitest";
import { describeWait, nextUtcMidnight, utcDayOf, waitUntilReset } from "@/lib/shared/time";

const MINUTE = 60_000;

describe("the budget day", () => {
  it("is the UTC day, and resets at the next UTC midnight", () => {
    const lateEvening = Date.parse("2026-11-30T23:59:59.999Z");
    expect(utcDayOf(lateEvening)).toBe("2026-11-30");
    expect(nextUtcMidnight(lateEvening)).toBe(Date.parse("2026-12-01T00:00:00.000Z"));
    expect(nextUtcMidnight(Date.parse("2026-12-01T00:00:00.000Z"))).toBe(Date.parse("2026-12-02T00:00:00.000Z"));
  });

  it("says how long until the reset, rounded up to the minute and never zero", () => {
    expect(waitUntilReset(0)).toEqual({ hours: 0, minutes: 1 });
    expect(waitUntilReset(MINUTE + 1)).toEqual({ hours: 0, minutes: 2 });
    expect(waitUntilReset(192 * MINUTE)).toEqual({ hours: 3, minutes: 12 });
    expect(describeWait(192 * MINUTE - 30_000)).toBe("3 h 12 min");
    expect(describeWait(120 * MINUTE)).toBe("2 h");
    expect(describeWait(12 * MINUTE)).toBe("12 min");
  });
});
