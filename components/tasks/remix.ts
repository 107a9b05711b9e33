import type { TaskView } from "@/lib/shared/task-view";

/** Seeds the studio draws for "Vary": the range every model takes (cog-flux and the pro models alike). */
const MAX_DRAWN_SEED = 2 ** 31 - 1;

function drawSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! % MAX_DRAWN_SEED;
}

/**
 * The POST /api/generate body that remakes `task`: its model, prompt, shape, seed, images and every stored knob, with
 * `parent_id` pointing back at it. "Vary" keeps everything but the seed. Privacy and locale are the remixer's own.
 */
export function remixRequest(task: TaskView, options: { vary: boolean; seed?: number }): Record<string, unknown> {
  const seed = options.vary ? (options.seed ?? drawSeed()) : (task.seed ?? undefined);
  const body: Record<string, unknown> = {
    ...task.settings,
    model: task.model,
    prompt: task.prompt,
    aspect_ratio: task.aspect_ratio,
    parent_id: task.id,
  };
  if (seed === undefined) delete body.seed;
  else body.seed = seed;
  if (task.input_image) body.input_image = task.input_image.ref;
  if (task.input_images.length > 0) body.input_images = task.input_images.map((image) => image.ref);
  if (task.mask) body.mask = task.mask.ref;
  return body;
}
