import type { Dictionary } from "@/lib/shared/i18n/en";
import { format } from "@/lib/shared/i18n/format";
import type { ToolAction } from "@/lib/shared/task-lineage";

/** A task's title when it has no prompt: what was done to its image ("Upscaled 2×", "Expanded: Make square"). */
export function describeAction(action: ToolAction, strings: Dictionary["imageTools"]): string {
  if (action === null) return "";
  if (action.kind === "upscale") return format(strings.actionUpscaled, { factor: action.factor });
  if (action.kind === "expand") return format(strings.actionExpanded, { preset: strings.presets[action.preset] ?? action.preset });
  return strings.actionErased;
}
