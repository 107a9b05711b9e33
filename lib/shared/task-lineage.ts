/** A task of a chain, as a share page links to it; `hidden` when the viewer may not see it (nothing else is told). */
export type LineageLink =
  | { hidden: false; id: string; prompt: string; modelLabel: string; imageUrl: string | null; action: ToolAction }
  | { hidden: true };

/** The chain a task belongs to, as its viewer may see it. */
export interface TaskLineage {
  /** Where the task came from, oldest first, ending with its parent; a private link ends the walk. */
  ancestors: LineageLink[];
  /** What its owner made from it that the viewer may see, oldest first. */
  children: LineageLink[];
}

/** What a fill or upscale task did to its image, read from its stored settings (for a task without a prompt). */
export type ToolAction = { kind: "upscale"; factor: number } | { kind: "expand"; preset: string } | { kind: "erase" } | null;

export function toolActionOf(settings: Readonly<Record<string, unknown>>, hasMask: boolean): ToolAction {
  if (typeof settings.scale === "number") return { kind: "upscale", factor: settings.scale };
  if (typeof settings.outpaint === "string") return { kind: "expand", preset: settings.outpaint };
  return hasMask ? { kind: "erase" } : null;
}
