import { describe, expect, it } from "vitest";
import { predictionSchema } from "../../lib/ai-gateway";

describe("the one prediction schema (create, poll, webhook)", () => {
  it.each([
    [{ id: "p1", status: "succeeded", output: ["https://replicate.delivery/a/out-0.webp"] }, null],
    [{ id: "p1", status: "succeeded", output: "https://replicate.delivery/a/out-0.webp", error: null }, null],
    [{ id: "p1", status: "failed", output: null, error: "boom" }, "boom"],
    [{ id: "p1", status: "failed", error: { detail: "CUDA out of memory" } }, '{"detail":"CUDA out of memory"}'],
    [{ id: "p1", status: "aborted" }, null],
  ])("reads %j", (body, error) => {
    const parsed = predictionSchema.safeParse(body);
    expect(parsed.success).toBe(true);
    expect(parsed.data?.error).toBe(error);
  });

  it.each([[{ id: "p1", status: "exploded" }], [{ id: "p1", status: "failed", output: 42 }], [{ status: "failed" }]])("refuses %j", (body) => {
    expect(predictionSchema.safeParse(body).success).toBe(false);
  });
});
