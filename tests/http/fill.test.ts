import { describe, expect, inject, it } from "vitest";
import sharp, { type Sharp } from "sharp";
import { TestBrowser, waitFor } from "../helpers/http-client";

const workerUrl = inject("workerUrl");

async function uploadPng(browser: TestBrowser, image: Sharp): Promise<string> {
  const body = new Uint8Array(await image.png().toBuffer());
  const uploaded = await browser.request("POST", "/api/uploads", { body, headers: { "content-type": "image/png" } });
  expect(uploaded.status, uploaded.text).toBe(201);
  return uploaded.body.upload.id;
}

const black = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: "#000" } });

describe("erasing under a mask on the built worker", () => {
  it("decodes the mask inside the worker: an all-black one is refused, a painted one repaints the image", async () => {
    const owner = new TestBrowser(workerUrl);
    await owner.get("/api/me");
    const photo = await uploadPng(owner, sharp({ create: { width: 200, height: 150, channels: 3, background: "#c84" } }));
    const nothing = await uploadPng(owner, black(200, 150));
    const square = await sharp({ create: { width: 40, height: 40, channels: 3, background: "#fff" } })
      .png()
      .toBuffer();
    const painted = await uploadPng(owner, sharp(await black(200, 150).png().toBuffer()).composite([{ input: square, left: 80, top: 50 }]));

    const refused = await owner.post("/api/generate", { model: "flux-fill-pro", input_image: photo, mask: nothing });
    expect(refused.status, refused.text).toBe(422);
    expect(refused.body.error.message).toMatch(/all black/);

    const created = await owner.post("/api/generate", { model: "flux-fill-pro", input_image: photo, mask: painted, prompt: "a red balloon" });
    expect(created.status, created.text).toBe(201);
    const task = await waitFor(
      async () => {
        const current = (await owner.get(`/api/tasks/${created.body.task.id}`)).body.task;
        return ["succeeded", "failed", "canceled"].includes(current?.status) ? current : undefined;
      },
      { timeoutMs: 30_000, what: `task ${created.body.task.id}` },
    );
    expect(task.status, JSON.stringify(task.error)).toBe("succeeded");
    expect(task.mask).toEqual({ ref: painted, url: `/api/uploads/${painted}` });
    expect(task.images[0]).toMatchObject({ width: 200, height: 150 });
  });
});
