import type { NewTask } from "../../db/schema";

export const BASE_TIME = 1_760_000_000_000;

let sequence = 0;

/** A valid task row; every call gets a fresh id and, unless overridden, a later created_at. */
export function newTask(overrides: Partial<NewTask> = {}): NewTask {
  sequence += 1;
  const createdAt = overrides.createdAt ?? BASE_TIME + sequence;
  return {
    id: `task-${crypto.randomUUID()}`,
    userId: "user-default",
    modelKey: "flux-schnell",
    providerModel: "black-forest-labs/flux-schnell",
    prompt: "a red fox in the snow",
    params: { seed: 7, num_outputs: 1, output_format: "webp" },
    aspectRatio: "1:1",
    isPrivate: false,
    locale: "en",
    createdAt,
    updatedAt: createdAt,
    ...overrides,
  };
}

export function uniqueUser(label = "user"): string {
  return `${label}-${crypto.randomUUID()}`;
}
