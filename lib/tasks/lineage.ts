import "server-only";
import { getTaskById } from "@/db/queries/tasks";
import { listChildTasksOfOwner } from "@/db/queries/task-lineage";
import type { Task } from "@/db/schema";
import type { App } from "@/lib/platform/app";
import { modelLabel } from "@/lib/shared/models/catalogue";
import { type LineageLink, type TaskLineage, toolActionOf } from "@/lib/shared/task-lineage";

/** How far up a share page walks (each step is one read by primary key). */
const MAX_ANCESTORS = 8;
const MAX_CHILDREN = 12;

const visibleTo = (task: Task, viewerId: string | null) => !task.isPrivate || task.userId === viewerId;

function link(task: Task): LineageLink {
  const image = task.status === "succeeded" && task.outputKeys.length > 0 ? `/api/images/${encodeURIComponent(task.id)}/0` : null;
  const action = toolActionOf(task.params, task.mask !== null);
  return { hidden: false, id: task.id, prompt: task.prompt, modelLabel: modelLabel(task.modelKey), imageUrl: image, action };
}

/**
 * The chain a task belongs to, as far as `viewerId` may see it: its parent, the parent's parent and so on (a private
 * one shows as hidden and ends the walk, since even its parent is its owner's business), and the visible tasks its
 * owner made from it.
 */
export async function readLineage(app: App, task: Task, viewerId: string | null): Promise<TaskLineage> {
  const ancestors: LineageLink[] = [];
  let parentId = task.parentId;
  while (parentId !== null && ancestors.length < MAX_ANCESTORS) {
    const parent = await getTaskById(app.db, { id: parentId });
    if (!parent) break;
    if (!visibleTo(parent, viewerId)) {
      ancestors.push({ hidden: true });
      break;
    }
    ancestors.push(link(parent));
    parentId = parent.parentId;
  }
  const children = await listChildTasksOfOwner(app.db, { ownerId: task.userId, parentId: task.id, since: task.createdAt, limit: MAX_CHILDREN });
  return { ancestors: ancestors.reverse(), children: children.filter((child) => visibleTo(child, viewerId)).map(link) };
}
