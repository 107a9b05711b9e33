import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app-server";
import { resetEmulator } from "../helpers/emulator-control";
import { type HttpResult, type TestBrowser, waitFor } from "../helpers/http-client";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});
beforeEach(async () => {
  app.setVars({ GENERATE_RATE_LIMIT_PER_MINUTE: "0", CLIENT_GENERATE_RATE_LIMIT_PER_MINUTE: "0", MAX_QUEUED_PER_USER: "0" });
  await resetEmulator(app.emulator.url);
});

const TERMINAL = ["succeeded", "failed", "canceled"];

async function signedIn(): Promise<TestBrowser> {
  const browser = app.browser();
  expect((await browser.get("/api/me")).status).toBe(200);
  return browser;
}

/** Several prompts on one model as one run; waits until every task ended. Returns the tasks in prompt order. */
async function made(browser: TestBrowser, model: string, prompts: string[], extra: Record<string, unknown> = {}): Promise<any[]> {
  const created = await browser.post("/api/runs", { model, prompts, ...extra });
  expect(created.status).toBe(201);
  const runId = created.body.run.id;
  const run = await waitFor(
    async () => {
      const read = (await browser.get(`/api/runs/${runId}`)).body.run;
      return read.tasks.every((task: any) => TERMINAL.includes(task.status)) ? read : undefined;
    },
    { what: `run ${runId}`, timeoutMs: 30_000 },
  );
  return run.tasks;
}

/** Every page of a list, following next_cursor; the ids in order and how many pages it took. */
async function allPages(browser: TestBrowser, path: string): Promise<{ tasks: any[]; pages: number }> {
  const tasks: any[] = [];
  let cursor: string | null = null;
  for (let pages = 1; pages <= 20; pages++) {
    const separator = path.includes("?") ? "&" : "?";
    const page: HttpResult = await browser.get(`${path}${cursor ? `${separator}cursor=${encodeURIComponent(cursor)}` : ""}`);
    expect(page.status, page.text).toBe(200);
    tasks.push(...page.body.tasks);
    cursor = page.body.next_cursor;
    if (!cursor) return { tasks, pages };
  }
  throw new Error("pagination did not end");
}

const marked = (task: any) => task.match.ranges.map(([start, end]: [number, number]) => task.prompt.slice(start, end));

describe("stars", () => {
  it("its owner stars and unstars a task, idempotently; nobody else can, or sees the star", async () => {
    const owner = await signedIn();
    const [task] = await made(owner, "flux-schnell", ["a starry night over the harbour"]);
    const starred = await owner.post(`/api/tasks/${task.id}/star`);
    expect(starred.status).toBe(200);
    expect(starred.body.task).toMatchObject({ id: task.id, starred: true });
    const firstStar = await app.storage.d1.prepare("SELECT starred_at FROM tasks WHERE id = ?").bind(task.id).first<{ starred_at: number }>();
    expect((await owner.post(`/api/tasks/${task.id}/star`)).body.task.starred).toBe(true);
    const secondStar = await app.storage.d1.prepare("SELECT starred_at FROM tasks WHERE id = ?").bind(task.id).first<{ starred_at: number }>();
    expect(secondStar!.starred_at).toBe(firstStar!.starred_at);

    // Public: a stranger sees the task, never the owner's star, and cannot star it.
    const stranger = await signedIn();
    expect((await stranger.get(`/api/tasks/${task.id}`)).body.task.starred).toBe(false);
    expect((await owner.get(`/api/tasks/${task.id}`)).body.task.starred).toBe(true);
    expect((await stranger.get(`/api/runs/${task.run_id}`)).body.run.tasks[0].starred).toBe(false);
    expect((await owner.get(`/api/runs/${task.run_id}`)).body.run.tasks[0].starred).toBe(true);
    const inGallery = async (browser: TestBrowser) =>
      (await allPages(browser, "/api/gallery?limit=50")).tasks.find((item: any) => item.id === task.id);
    expect((await inGallery(stranger)).starred).toBe(false);
    expect((await inGallery(owner)).starred).toBe(true);
    const refused = await stranger.request("POST", `/api/tasks/${task.id}/star`);
    expect(refused.status).toBe(404);
    expect(refused.body.error.code).toBe("not_found");
    expect((await stranger.request("DELETE", `/api/tasks/${task.id}/star`)).status).toBe(404);
    expect((await owner.get(`/api/tasks/${task.id}`)).body.task.starred).toBe(true);

    const unstarred = await owner.request("DELETE", `/api/tasks/${task.id}/star`);
    expect(unstarred.status).toBe(200);
    expect(unstarred.body.task.starred).toBe(false);
    expect((await owner.request("DELETE", `/api/tasks/${task.id}/star`)).body.task.starred).toBe(false);
  });

  it("a private task, an unknown one, no session or another origin: refused, nothing changes", async () => {
    const owner = await signedIn();
    const [hidden] = await made(owner, "flux-schnell", ["a secret garden"], { is_private: true });
    const stranger = await signedIn();
    expect((await stranger.request("POST", `/api/tasks/${hidden.id}/star`)).status).toBe(404);
    expect((await owner.request("POST", "/api/tasks/tsk_00000000000000000000000000000000/star")).status).toBe(404);
    const anonymous = await fetch(`${app.url}/api/tasks/${hidden.id}/star`, { method: "POST" });
    expect(anonymous.status).toBe(401);
    const crossSite = await owner.request("POST", `/api/tasks/${hidden.id}/star`, { headers: { origin: "https://evil.example" } });
    expect(crossSite.status).toBe(403);
    expect((await owner.get(`/api/tasks/${hidden.id}`)).body.task.starred).toBe(false);
  });
});

describe("filters on GET /api/tasks, with cursors", () => {
  it("narrows the history by starred, model and status, newest first, page by page", async () => {
    const browser = await signedIn();
    const schnell = await made(browser, "flux-schnell", ["one", "two", "three", "four [nsfw]", "five"]);
    const dev = await made(browser, "flux-dev", ["six", "seven [nsfw]", "eight"]);
    for (const task of [schnell[0], schnell[2], schnell[3], dev[1], dev[2]]) {
      expect((await browser.post(`/api/tasks/${task.id}/star`)).status).toBe(200);
    }
    const ids = (tasks: any[]) => tasks.map((task) => task.prompt);

    const starred = await allPages(browser, "/api/tasks?starred=true&limit=2");
    expect(ids(starred.tasks)).toEqual(["eight", "seven [nsfw]", "four [nsfw]", "three", "one"]);
    expect(starred.pages).toBe(3);
    expect(starred.tasks.every((task) => task.starred)).toBe(true);

    const unstarred = await allPages(browser, "/api/tasks?starred=false&limit=2");
    expect(ids(unstarred.tasks)).toEqual(["six", "five", "two"]);

    expect(ids((await allPages(browser, "/api/tasks?model=flux-dev&limit=1")).tasks)).toEqual(["eight", "seven [nsfw]", "six"]);
    expect(ids((await allPages(browser, "/api/tasks?status=failed&limit=1")).tasks)).toEqual(["seven [nsfw]", "four [nsfw]"]);
    expect(ids((await allPages(browser, "/api/tasks?status=succeeded&starred=true&model=flux-schnell&limit=1")).tasks)).toEqual(["three", "one"]);

    const today = new Date().toISOString().slice(0, 10);
    expect((await allPages(browser, `/api/tasks?from=${today}&to=${today}&limit=50`)).tasks).toHaveLength(8);
    expect((await allPages(browser, "/api/tasks?to=2020-01-01")).tasks).toHaveLength(0);
  });

  it("refuses a filter it does not know, naming it", async () => {
    const browser = await signedIn();
    const cases: [string, RegExp][] = [
      ["/api/tasks?model=flux-9", /^model: must be one of /],
      ["/api/tasks?status=done", /^status: /],
      ["/api/tasks?starred=yes", /^starred: /],
      ["/api/tasks?from=yesterday", /^from: must be a date/],
      ["/api/tasks?cursor=bm90LWEtY3Vyc29y", /^cursor: is not a cursor this API returned/],
    ];
    for (const [path, message] of cases) {
      const refused = await browser.get(path);
      expect(refused.status, path).toBe(422);
      expect(refused.body.error.message, path).toMatch(message);
    }
  });
});

describe("full-text search over prompts", () => {
  it("finds the caller's tasks by words, most relevant first, with the matched words marked", async () => {
    const browser = await signedIn();
    await made(browser, "flux-schnell", [
      "A lighthouse on a rocky coast at sunset, waves crashing, gulls overhead, long exposure",
      "lighthouse",
      "an old Lighthouse keeper's lighthouse",
      "a windmill in a tulip field",
    ]);
    const found = await browser.get("/api/tasks?q=lighthouse");
    expect(found.status).toBe(200);
    expect(found.body.tasks.map((task: any) => task.prompt)).toEqual([
      "lighthouse",
      "an old Lighthouse keeper's lighthouse",
      "A lighthouse on a rocky coast at sunset, waves crashing, gulls overhead, long exposure",
    ]);
    expect(found.body.tasks.map(marked)).toEqual([["lighthouse"], ["Lighthouse", "lighthouse"], ["lighthouse"]]);
    expect(found.body.tasks[1].match.ranges).toEqual([
      [7, 17],
      [27, 37],
    ]);
    // Every word must appear; case and accents do not matter.
    const both = await browser.get(`/api/tasks?q=${encodeURIComponent("SUNSET lighthouse!")}`);
    expect(both.body.tasks.map(marked)).toEqual([["lighthouse", "sunset"]]);
    // Another person's prompts are not searched.
    expect((await (await signedIn()).get("/api/tasks?q=lighthouse")).body.tasks).toEqual([]);
    // Without q, no match field: the plain history.
    expect((await browser.get("/api/tasks?limit=1")).body.tasks[0].match).toBeUndefined();
  });

  it("pages a search with its own cursor, and combines it with the filters", async () => {
    const browser = await signedIn();
    const tasks = await made(
      browser,
      "flux-schnell",
      Array.from({ length: 7 }, (_, i) => `koi pond ${"ripple ".repeat(i)}`.trim()),
    );
    await made(browser, "flux-dev", ["koi pond at night"]);
    await browser.post(`/api/tasks/${tasks[3].id}/star`);
    const paged = await allPages(browser, "/api/tasks?q=koi&limit=3");
    expect(paged.pages).toBe(3);
    expect(paged.tasks).toHaveLength(8);
    expect(new Set(paged.tasks.map((task) => task.id)).size).toBe(8);
    expect(paged.tasks.at(-1).prompt).toBe(tasks[6].prompt);
    expect((await allPages(browser, "/api/tasks?q=koi&model=flux-dev")).tasks.map((task) => task.prompt)).toEqual(["koi pond at night"]);
    expect((await allPages(browser, "/api/tasks?q=koi&starred=true")).tasks.map((task) => task.id)).toEqual([tasks[3].id]);
    // A cursor of one kind is refused by the other.
    const plainCursor = (await browser.get("/api/tasks?limit=1")).body.next_cursor;
    expect((await browser.get(`/api/tasks?q=koi&cursor=${plainCursor}`)).status).toBe(422);
    const searchCursor = (await browser.get("/api/tasks?q=koi&limit=1")).body.next_cursor;
    expect((await browser.get(`/api/tasks?cursor=${searchCursor}`)).status).toBe(422);
  });

  it("searches the gallery: public, succeeded tasks of everyone only", async () => {
    const first = await signedIn();
    const second = await signedIn();
    const word = `zeppelin${crypto.randomUUID().slice(0, 8)}`;
    const [shown] = await made(first, "flux-schnell", [`a ${word} over the city`]);
    await made(first, "flux-schnell", [`a ${word} in private`], { is_private: true });
    await made(second, "flux-schnell", [`a ${word} that fails [nsfw]`]);
    const [other] = await made(second, "flux-schnell", [`${word} ${word} at dawn`]);
    const found = await app.browser().get(`/api/gallery?q=${word}`);
    expect(found.status).toBe(200);
    expect(found.body.tasks.map((task: any) => task.id)).toEqual([other.id, shown.id]);
    expect(found.body.tasks.map(marked)).toEqual([[word, word], [word]]);
  });

  it("refuses a query over 200 characters or with no word, naming it; typed syntax is only words", async () => {
    const browser = await signedIn();
    await made(browser, "flux-schnell", ['the word "near" in quotes']);
    const long = await browser.get(`/api/tasks?q=${"a".repeat(201)}`);
    expect(long.status).toBe(422);
    expect(long.body.error.message).toBe("q: keep the search under 200 characters");
    for (const path of ["/api/tasks", "/api/gallery"]) {
      const operators = await browser.get(`${path}?q=${encodeURIComponent('AND OR NOT * ( ) " :')}`);
      expect(operators.status).toBe(422);
      expect(operators.body.error.message).toBe("q: has no word to search for (only operators or punctuation)");
    }
    for (const typed of ['"near', "NEAR(quotes word)", "quotes OR", "word' --", "near*"]) {
      const found = await browser.get(`/api/tasks?q=${encodeURIComponent(typed)}`);
      expect(found.status, typed).toBe(200);
      expect(
        found.body.tasks.map((task: any) => task.prompt),
        typed,
      ).toEqual(['the word "near" in quotes']);
    }
  });
});
