import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { insertTask } from "../../db/queries/tasks";
import type { NewTask, Task } from "../../db/schema";
import type { App } from "../../lib/platform/app";
import { readLineage } from "../../lib/tasks/lineage";
import { createTestD1, type TestD1 } from "../helpers/d1";
import { newTask, uniqueUser } from "./task-fixture";

let env: TestD1;
let db: Db;
// readLineage reads the database only.
const app = () => ({ db }) as unknown as App;

beforeAll(async () => {
  env = await createTestD1();
  db = env.db;
});
afterAll(async () => {
  await env?.dispose();
});

const add = (draft: NewTask): Promise<Task> => insertTask(db, { task: draft });
const ids = (links: { hidden: boolean; id?: string }[]) => links.map((link) => (link.hidden ? "hidden" : link.id));

describe("a task's lineage", () => {
  it("walks up to the first image and lists what its owner made from it, oldest first", async () => {
    const owner = uniqueUser();
    const root = await add(newTask({ userId: owner, status: "succeeded", outputKeys: ["tasks/r/0.webp"] }));
    const fill = await add(newTask({ userId: owner, parentId: root.id, modelKey: "flux-fill-pro", prompt: "" }));
    const expand = await add(newTask({ userId: owner, parentId: fill.id }));
    const upscale = await add(newTask({ userId: owner, parentId: expand.id }));
    const sibling = await add(newTask({ userId: owner, parentId: fill.id }));
    await add(newTask({ userId: owner, parentId: fill.id, isPrivate: true }));

    const asStranger = await readLineage(app(), upscale, "someone-else");
    expect(ids(asStranger.ancestors)).toEqual([root.id, fill.id, expand.id]);
    expect(asStranger.ancestors[0]).toMatchObject({ imageUrl: `/api/images/${root.id}/0`, modelLabel: "FLUX Schnell" });
    expect(asStranger.ancestors[1]).toMatchObject({ imageUrl: null, prompt: "" });
    expect(asStranger.children).toEqual([]);

    const fromFill = await readLineage(app(), fill, "someone-else");
    expect(ids(fromFill.ancestors)).toEqual([root.id]);
    // The private child is its owner's alone.
    expect(ids(fromFill.children)).toEqual([expand.id, sibling.id]);
    expect((await readLineage(app(), fill, owner)).children).toHaveLength(3);
  });

  it("stops at a private ancestor, telling a stranger only that there was one", async () => {
    const owner = uniqueUser();
    const root = await add(newTask({ userId: owner }));
    const hidden = await add(newTask({ userId: owner, parentId: root.id, isPrivate: true }));
    const shown = await add(newTask({ userId: owner, parentId: hidden.id }));

    expect(ids((await readLineage(app(), shown, "someone-else")).ancestors)).toEqual(["hidden"]);
    expect(ids((await readLineage(app(), shown, owner)).ancestors)).toEqual([root.id, hidden.id]);
    expect(await readLineage(app(), root, null)).toEqual({ ancestors: [], children: [] });
  });
});
