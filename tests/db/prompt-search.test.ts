import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { galleryFilter, insertTask, ownTasksFilter } from "../../db/queries/tasks";
import { searchTasks } from "../../db/queries/task-search";
import type { SearchCursor } from "../../lib/shared/api/page-query";
import { tasks } from "../../db/schema";
import { searchTermsOf } from "../../lib/shared/search-terms";
import { matchRanges } from "../../lib/tasks/search-match";
import { applyMigration, createTestD1, type TestD1 } from "../helpers/d1";
import { newTask, uniqueUser } from "./task-fixture";

let env: TestD1;

beforeAll(async () => {
  // Every migration but the search one: rows stored before it must be found after it (the backfill).
  env = await createTestD1({ migrationsBefore: "0010" });
});
afterAll(async () => {
  await env?.dispose();
});

const search = (userId: string, words: string, after?: SearchCursor, limit = 20) =>
  searchTasks(env.db, { terms: searchTermsOf(words), filter: ownTasksFilter({ userId }), limit, after });

describe("prompt search (FTS5 in local D1)", () => {
  it("indexes the prompts stored before the migration, and every insert, prompt change and delete after it", async () => {
    const userId = uniqueUser();
    const before = await insertTask(env.db, { task: newTask({ userId, prompt: "an old lighthouse on a cliff" }) });
    await applyMigration(env.d1, "0010_prompt_search.sql");
    expect((await search(userId, "lighthouse")).hits.map((hit) => hit.task.id)).toEqual([before.id]);

    const after = await insertTask(env.db, { task: newTask({ userId, prompt: "a new lighthouse at night" }) });
    expect((await search(userId, "lighthouse")).hits.map((hit) => hit.task.id).sort()).toEqual([before.id, after.id].sort());

    await env.db.update(tasks).set({ prompt: "a windmill at night" }).where(eq(tasks.id, after.id)).run();
    expect((await search(userId, "lighthouse")).hits.map((hit) => hit.task.id)).toEqual([before.id]);
    expect((await search(userId, "windmill")).hits.map((hit) => hit.task.id)).toEqual([after.id]);

    await env.db.delete(tasks).where(eq(tasks.id, before.id)).run();
    expect((await search(userId, "lighthouse")).hits).toEqual([]);
    const integrity = await env.d1.prepare("INSERT INTO tasks_fts(tasks_fts, rank) VALUES ('integrity-check', 1)").run();
    expect(integrity.success).toBe(true);
  });

  it("ranks by bm25: the prompt most about the words first, a long one that mentions them in passing last; every word must appear", async () => {
    const userId = uniqueUser();
    const long = await insertTask(env.db, {
      task: newTask({ userId, prompt: "a quiet harbour at dawn with boats, gulls, nets, ropes, crates and a small red boat far away" }),
    });
    const short = await insertTask(env.db, { task: newTask({ userId, prompt: "red boat" }) });
    const twice = await insertTask(env.db, { task: newTask({ userId, prompt: "red boat next to a red boat" }) });
    await insertTask(env.db, { task: newTask({ userId, prompt: "a blue boat" }) });
    const page = await search(userId, "red boat");
    expect(page.hits.map((hit) => hit.task.id)).toEqual([short.id, twice.id, long.id]);
    const scores = page.hits.map((hit) => hit.score);
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);
  });

  it("marks each matched word, as UTF-16 offsets into the prompt, also after emoji and accents", async () => {
    const userId = uniqueUser();
    const prompt = "🦊 Rénard the fox, a FOX café";
    await insertTask(env.db, { task: newTask({ userId, prompt }) });
    const [hit] = (await search(userId, "fox cafe renard")).hits;
    const ranges = matchRanges(hit!.task.prompt, hit!.marked);
    expect(ranges.map(([start, end]) => prompt.slice(start, end))).toEqual(["Rénard", "fox", "FOX", "café"]);
    expect(ranges[0]).toEqual([3, 9]);
  });

  it("takes whatever a person types as words, never as query syntax", async () => {
    const userId = uniqueUser();
    const target = await insertTask(env.db, { task: newTask({ userId, prompt: 'she said "near" the tower' }) });
    for (const typed of ['"near', "tower*", "NEAR(tower said)", "tower OR", "said) OR (tower", "tower' --"]) {
      const page = await search(userId, typed);
      expect(
        page.hits.map((hit) => hit.task.id),
        typed,
      ).toEqual([target.id]);
    }
    // A quote inside a term cannot end the quoted string early.
    expect((await searchTasks(env.db, { terms: ['tower" OR "x'], filter: ownTasksFilter({ userId }), limit: 5 })).hits).toEqual([]);
    expect(searchTermsOf('AND OR NOT NEAR * ( ) : ^ " -')).toEqual([]);
  });

  it("pages through ranked results with (score, id) cursors: no row skipped or repeated", async () => {
    const userId = uniqueUser();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const filler = Array.from({ length: i }, () => "grass").join(" ");
      ids.push((await insertTask(env.db, { task: newTask({ userId, prompt: `a meadow ${filler}`.trim() }) })).id);
    }
    // Two rows with the same prompt share a score; the id orders them.
    ids.push((await insertTask(env.db, { task: newTask({ userId, prompt: "a meadow" }) })).id);
    const seen: string[] = [];
    let after: SearchCursor | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await search(userId, "meadow", after, 3);
      seen.push(...page.hits.map((hit) => hit.task.id));
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    expect(seen).toHaveLength(ids.length);
    expect(new Set(seen)).toEqual(new Set(ids));
    expect(seen.slice(-1)).toEqual([ids[6]]);
  });

  it("applies the list's filter: the gallery finds only public, succeeded tasks; a user only their own", async () => {
    const owner = uniqueUser();
    const open = await insertTask(env.db, { task: newTask({ userId: owner, prompt: "zeppelin over paris", status: "succeeded" }) });
    await insertTask(env.db, { task: newTask({ userId: owner, prompt: "zeppelin in private", status: "succeeded", isPrivate: true }) });
    await insertTask(env.db, { task: newTask({ userId: owner, prompt: "zeppelin still running", status: "processing" }) });
    const gallery = await searchTasks(env.db, { terms: ["zeppelin"], filter: galleryFilter(), limit: 10 });
    expect(gallery.hits.map((hit) => hit.task.id)).toEqual([open.id]);
    expect((await search(uniqueUser(), "zeppelin")).hits).toEqual([]);
    expect((await search(owner, "zeppelin")).hits).toHaveLength(3);
  });
});
