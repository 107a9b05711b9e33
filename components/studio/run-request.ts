import type { ModelOption } from "@/lib/shared/models/options";

/** The composer's three ways: one task, one prompt × several models, several prompts × one model. */
export type RunMode = "single" | "compare" | "prompts";

/** The prompts of a several-prompts list: one a line, blank lines skipped. */
export const promptLines = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");

/** The aspect ratios every chosen model takes, in the first one's order (a shared setting must suit them all). */
export function sharedRatios(models: readonly Pick<ModelOption, "aspectRatios">[]): string[] {
  const [first, ...rest] = models;
  return (first?.aspectRatios ?? ["1:1"]).filter((ratio) => rest.every((model) => model.aspectRatios.includes(ratio)));
}
