import { describe, expect, inject, it } from "vitest";
import sharp from "sharp";
import { TestBrowser, waitFor } from "../helpers/http-client";

const workerUrl = inject("workerUrl");

async function succeeded(browser: TestBrowser, body: Record<string, unknown>) {
  await browser.get("/api/me");
  const created = await browser.post("/api/generate", body);
  expect(created.status, created.text).toBe(201);
  const task = await waitFor(
    async () => {
      const current = (await browser.get(`/api/tasks/${created.body.task.id}`)).body.task;
      return ["succeeded", "failed", "canceled"].includes(current?.status) ? current : undefined;
    },
    { timeoutMs: 30_000, what: `task ${created.body.task.id}` },
  );
  expect(task.status, JSON.stringify(task.error)).toBe("succeeded");
  return task;
}

const meta = (html: string, attribute: string) => new RegExp(`<meta ${attribute} content="([^"]*)"`).exec(html)?.[1]?.replace(/&amp;/g, "&") ?? null;

describe("share pages and Kontext edits on the built worker", () => {
  it("gives a public result a share page whose Open Graph and Twitter image is the result", async () => {
    const owner = new TestBrowser(workerUrl);
    const task = await succeeded(owner, { model: "flux-schnell", prompt: "a kite over dunes", aspect_ratio: "16:9" });
    const page = await new TestBrowser(workerUrl).get(`/en/t/${task.id}`);
    expect(page.status).toBe(200);
    const image = `${workerUrl}/api/images/${task.id}/0`;
    expect(meta(page.text, 'property="og:image"')).toBe(image);
    expect(meta(page.text, 'name="twitter:image"')).toBe(image);
    expect(meta(page.text, 'name="twitter:card"')).toBe("summary_large_image");
    expect(meta(page.text, 'property="og:title"')).toBe("a kite over dunes");
    expect(meta(page.text, 'property="og:url"')).toBe(`${workerUrl}/en/t/${task.id}`);
    expect(page.text).toContain(`/en?remix=${task.id}`);
  });

  it("answers 404 on a private task's share page to everyone but its owner", async () => {
    const owner = new TestBrowser(workerUrl);
    const task = await succeeded(owner, { model: "flux-schnell", prompt: "a private teapot", is_private: true });
    const own = await owner.get(`/zh/t/${task.id}`);
    expect(own.status).toBe(200);
    expect(own.text).toContain("a private teapot");
    expect(meta(own.text, 'property="og:image"')).toBeNull();
    const stranger = await new TestBrowser(workerUrl).get(`/zh/t/${task.id}`);
    expect(stranger.status).toBe(404);
    expect(stranger.text).not.toContain("a private teapot");
    expect((await new TestBrowser(workerUrl).get("/en/t/tsk_does_not_exist")).status).toBe(404);
  });

  it("never lets a shared cache keep a page read with a cookie; a share page read without one may be cached", async () => {
    const owner = new TestBrowser(workerUrl);
    const privateTask = await succeeded(owner, { model: "flux-schnell", prompt: "a private note", is_private: true });
    const publicTask = await succeeded(owner, { model: "flux-schnell", prompt: "a public note" });
    for (const path of [`/en/t/${privateTask.id}`, `/en/t/${publicTask.id}`, "/en", "/zh/gallery"]) {
      const own = await owner.get(path);
      expect(own.headers.get("cache-control"), path).toBe("private, no-store");
    }
    const anonymous = await fetch(`${workerUrl}/en/t/${publicTask.id}`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get("cache-control")).toBe("public, max-age=60");
    const hidden = await fetch(`${workerUrl}/en/t/${privateTask.id}`);
    expect(hidden.status).toBe(404);
    expect(await hidden.text()).not.toContain("a private note");
  });

  it("sends a page's title, description, canonical and hreflang links in <head>, never streamed into the body", async () => {
    const owner = new TestBrowser(workerUrl);
    const task = await succeeded(owner, { model: "flux-schnell", prompt: "a lighthouse at dusk" });
    // The studio's shell needs no data, so it is the page that would flush before streamed metadata resolves.
    for (const path of ["/zh", "/en", "/en/gallery", `/zh/t/${task.id}`]) {
      for (const browser of [owner, new TestBrowser(workerUrl)]) {
        const page = await browser.get(path);
        expect(page.status, path).toBe(200);
        const head = page.text.slice(0, page.text.indexOf("</head>"));
        expect(head, path).toMatch(/<title>[^<]+<\/title>/);
        expect(meta(head, 'name="description"'), path).toBeTruthy();
        expect(head, path).toContain(`<link rel="canonical" href="${workerUrl}${path}"/>`);
        expect(head, path).toContain('hrefLang="x-default"');
        // Once in all: nothing left to stream into the body.
        expect(page.text.split('name="description"').length - 1, path).toBe(1);
      }
    }
  });

  it("gives a page's RSC payload (a client-side navigation) the same Cache-Control as its HTML", async () => {
    const owner = new TestBrowser(workerUrl);
    const privateTask = await succeeded(owner, { model: "flux-schnell", prompt: "a private payload", is_private: true });
    const publicTask = await succeeded(owner, { model: "flux-schnell", prompt: "a public payload" });
    const rsc = (path: string, cookie?: string) => fetch(`${workerUrl}${path}`, { headers: { rsc: "1", ...(cookie ? { cookie } : {}) } });
    const ownerCookie = `sid=${owner.cookie("sid")}`;
    const own = await rsc(`/en/t/${privateTask.id}`, ownerCookie);
    expect(own.headers.get("content-type")).toContain("text/x-component");
    expect(await own.text()).toContain("a private payload");
    expect(own.headers.get("cache-control")).toBe("private, no-store");
    for (const path of [`/en/t/${publicTask.id}`, "/en", "/zh/gallery"]) {
      expect((await rsc(path, ownerCookie)).headers.get("cache-control"), path).toBe("private, no-store");
    }
    expect((await rsc(`/en/t/${publicTask.id}`)).headers.get("cache-control")).toBe("public, max-age=60");
    expect((await rsc("/en/gallery")).headers.get("cache-control")).toBe("private, no-store");
  });

  it("edits an upload with FLUX Kontext through the worker's signed input URL", async () => {
    const owner = new TestBrowser(workerUrl);
    await owner.get("/api/me");
    const photo = await sharp({ create: { width: 300, height: 200, channels: 3, background: "#c84" } })
      .webp()
      .toBuffer();
    const uploaded = await owner.request("POST", "/api/uploads", { body: new Uint8Array(photo), headers: { "content-type": "image/webp" } });
    expect(uploaded.status, uploaded.text).toBe(201);
    const edit = await succeeded(owner, { model: "flux-kontext-pro", prompt: "paint it blue", input_image: uploaded.body.upload.id });
    const bytes = Buffer.from(await (await fetch(`${workerUrl}${edit.images[0].url}`)).arrayBuffer());
    const { width, height } = await sharp(bytes).metadata();
    expect(width! / height!).toBeCloseTo(1.5, 1);
  });
});
