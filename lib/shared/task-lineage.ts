/** A task of a chain, as a share page links to it; `hidden` when the viewer may not see it (nothing else is told). */
export type LineageLink = { hidden: false; id: string; prompt: string; modelLabel: string; imageUrl: string | null } | { hidden: true };

/** The chain a task belongs to, as its viewer may see it. */
export interface TaskLineage {
  /** Where the task came from, oldest first, ending with its parent; a private link ends the walk. */
  ancestors: LineageLink[];
  /** What its owner made from it that the viewer may see, oldest first. */
  children: LineageLink[];
}
