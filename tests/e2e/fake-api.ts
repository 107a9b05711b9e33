import type { Page, Route } from "playwright-core";
import type { TaskView } from "../../lib/shared/task-view";

// Browser-side fakes of the app's API (lib/tasks/task-view.ts shapes), for looking at UI states without a backend.

type FakeTask = TaskView;

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

function fakeTask(id: string, patch: Partial<FakeTask>): FakeTask {
  return {
    id,
    status: "succeeded",
    progress: 100,
    model: "flux-schnell",
    prompt: "A lighthouse on a cliff at dawn, mist rolling over the sea",
    aspect_ratio: "1:1",
    is_private: false,
    locale: "en",
    seed: 1234,
    seed_reproducible: false,
    parent_id: null,
    run_id: null,
    starred: false,
    mask: null,
    input_image: null,
    settings: {},
    images: [{ url: `/api/images/${id}/0`, width: null, height: null }],
    input_images: [],
    error: null,
    cost_usd: 0.003,
    cancel_requested: false,
    created_at: minutesAgo(5),
    started_at: minutesAgo(5),
    completed_at: minutesAgo(4.9),
    ...patch,
  };
}

function sampleTasks(): FakeTask[] {
  return [
    fakeTask("t-running", {
      status: "processing",
      progress: 45,
      model: "flux-dev",
      prompt: "Isometric cozy library inside a hollow tree, warm lamps, tiny reading nooks",
      aspect_ratio: "16:9",
      images: [],
      cost_usd: null,
      created_at: minutesAgo(0.2),
      completed_at: null,
    }),
    fakeTask("t-done", { aspect_ratio: "3:4", prompt: "Portrait of an old fisherman, rembrandt lighting, oil painting" }),
    fakeTask("t-safety", {
      status: "failed",
      images: [],
      aspect_ratio: "1:1",
      prompt: "Something the filter did not like",
      error: { code: "safety_blocked", message: "The model's safety filter blocked every image. Rephrase the prompt and try again." },
      cost_usd: null,
    }),
    fakeTask("t-four", {
      model: "flux-schnell",
      aspect_ratio: "1:1",
      prompt: "Sticker sheet of cheerful vegetables, flat vector",
      images: [0, 1, 2, 3].map((index) => ({ url: `/api/images/t-four/${index}`, width: null, height: null })),
      is_private: true,
    }),
  ];
}

const GALLERY_RATIOS = ["16:9", "1:1", "2:3", "4:5", "21:9", "9:16", "3:2", "1:1", "4:3", "3:4"];

/** Public succeeded tasks of many shapes; they are registered so their images get the right proportions. */
function galleryTasks(byId: Map<string, FakeTask>): FakeTask[] {
  return GALLERY_RATIOS.map((ratio, index) => {
    const id = `g-${index}`;
    const task = fakeTask(id, { aspect_ratio: ratio, prompt: `Gallery sample ${index + 1} in ${ratio}`, created_at: minutesAgo(60 + index) });
    byId.set(id, task);
    return task;
  });
}

const HUES = [265, 320, 200, 30, 150];

/** An SVG of the task's real proportions, so the reserved space can be compared with the image. */
function fakeImage(taskId: string, index: number, ratio: string): string {
  const [w = 1, h = 1] = ratio.split(":").map(Number);
  const width = 1024;
  const height = Math.round((1024 * h) / w);
  const seed = [...taskId].reduce((sum, char) => sum + char.charCodeAt(0), index);
  const hue = HUES[seed % HUES.length] ?? 265;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue} 70% 55%)"/><stop offset="1" stop-color="hsl(${hue + 60} 70% 30%)"/></linearGradient></defs>
<rect width="100%" height="100%" fill="url(#g)"/><circle cx="${width * 0.65}" cy="${height * 0.35}" r="${Math.min(width, height) * 0.18}" fill="rgba(255,255,255,0.35)"/>
</svg>`;
}

const json = (route: Route, status: number, body: unknown, headers: Record<string, string> = {}) =>
  route.fulfill({ status, contentType: "application/json", headers, body: JSON.stringify(body) });

/** Answers /api/* in the page with sample data; running tasks advance by 20% per poll. */
export async function installFakeApi(page: Page, tasks: FakeTask[] = sampleTasks()): Promise<void> {
  const byId = new Map(tasks.map((task) => [task.id, task]));
  await page.route("**/api/**", async (route) => {
    const url = new URL(route.request().url());
    const path = url.pathname;
    const image = /^\/api\/images\/([^/]+)\/(\d+)$/.exec(path);
    if (image) {
      const task = byId.get(image[1] ?? "");
      return route.fulfill({
        status: 200,
        contentType: "image/svg+xml",
        body: fakeImage(image[1] ?? "", Number(image[2]), task?.aspect_ratio ?? "1:1"),
      });
    }
    if (path === "/api/tasks") return json(route, 200, { tasks: [...byId.values()], next_cursor: "page-2" });
    if (path === "/api/gallery") return json(route, 200, { tasks: galleryTasks(byId), next_cursor: "page-2" });
    const one = /^\/api\/tasks\/([^/]+)$/.exec(path);
    if (one) {
      const task = byId.get(one[1] ?? "");
      if (!task) return json(route, 404, { error: { code: "not_found", message: "No such task." } });
      if (task.status === "processing") task.progress = Math.min(100, task.progress + 20);
      return json(route, 200, { task });
    }
    if (path === "/api/prompt") {
      return json(route, 200, {
        text: "A weathered lighthouse on a basalt cliff at dawn, mist rolling over a calm sea, golden rim light, 35mm film",
        model: "gemini-3.8-flash",
        cached: false,
      });
    }
    if (path === "/api/generate") {
      const body = JSON.parse(route.request().postData() ?? "{}") as Partial<FakeTask>;
      const task = fakeTask(`t-${byId.size + 1}`, {
        ...body,
        status: "queued",
        progress: 0,
        images: [],
        cost_usd: null,
        created_at: new Date().toISOString(),
        completed_at: null,
      });
      byId.set(task.id, task);
      return json(route, 201, { task });
    }
    return json(route, 404, { error: { code: "not_found", message: "Not in the fake API." } });
  });
}

/** Every API call fails the way a missing backend does. */
export async function installFailingApi(page: Page): Promise<void> {
  await page.route("**/api/**", (route) =>
    json(route, 503, { error: { code: "provider_unavailable", message: "The service is starting; try again shortly." } }, { "retry-after": "20" }),
  );
}
