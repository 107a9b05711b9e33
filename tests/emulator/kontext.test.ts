import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import type { Emulator } from "../../emulator/server";
import { postJson, REPLICATE_AUTH, replicateBase, startTestEmulator, type EmulatorPrediction } from "./support";

let emulator: Emulator;
let files: Server;
let filesUrl = "";

beforeAll(async () => {
  emulator = await startTestEmulator();
  // A stand-in for the app's signed input-image URLs: one 900×450 PNG, one text file, everything else 403.
  const wide = await sharp({ create: { width: 900, height: 450, channels: 3, background: "#3a7" } })
    .png()
    .toBuffer();
  files = createServer((request, response) => {
    if (request.url === "/wide.png") return void response.writeHead(200, { "content-type": "image/png" }).end(wide);
    if (request.url === "/note.txt") return void response.writeHead(200, { "content-type": "image/png" }).end("not an image");
    response.writeHead(403).end("expired");
  });
  await new Promise<void>((resolve) => files.listen(0, "127.0.0.1", resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await emulator?.close();
  await new Promise((resolve) => files?.close(resolve));
});

function kontext(input: Record<string, unknown>) {
  return postJson(
    `${replicateBase(emulator)}/models/black-forest-labs/flux-kontext-pro/predictions`,
    { input },
    { ...REPLICATE_AUTH, prefer: "wait=10" },
  );
}

describe("the emulator's FLUX Kontext Pro", () => {
  it("fetches input_image and answers one image of the input's ratio for match_input_image", async () => {
    const response = await kontext({ prompt: "make it night", input_image: `${filesUrl}/wide.png` });
    expect(response.status).toBe(201);
    const prediction = (await response.json()) as EmulatorPrediction;
    expect(prediction.status).toBe("succeeded");
    expect(typeof prediction.output).toBe("string");
    expect(prediction.logs).not.toContain("Using seed");
    const image = await fetch(prediction.output as string);
    expect(image.headers.get("content-type")).toBe("image/png");
    const { width, height } = await sharp(Buffer.from(await image.arrayBuffer())).metadata();
    expect(width! / height!).toBeCloseTo(2, 1);
    expect(width! % 32).toBe(0);
    expect(height! % 32).toBe(0);
  });

  it("uses a preset ratio when one is asked for", async () => {
    const prediction = (await (
      await kontext({ prompt: "p", input_image: `${filesUrl}/wide.png`, aspect_ratio: "1:2", output_format: "jpg" })
    ).json()) as EmulatorPrediction;
    const { width, height, format } = await sharp(Buffer.from(await (await fetch(prediction.output as string)).arrayBuffer())).metadata();
    expect(format).toBe("jpeg");
    expect(width! / height!).toBeCloseTo(0.5, 1);
  });

  it.each([
    ["it cannot download", "/expired.png", /Failed to download input_image.*HTTP 403/],
    ["the bytes are no image", "/note.txt", /cannot identify image file/],
  ])("fails the prediction when %s", async (_name, path, error) => {
    const prediction = (await (await kontext({ prompt: "p", input_image: `${filesUrl}${path}` })).json()) as EmulatorPrediction;
    expect(prediction.status).toBe("failed");
    expect(prediction.error).toMatch(error);
    expect(prediction.output).toBeNull();
  });

  it("refuses a safety_tolerance above 2 with an input image, and allows it without one", async () => {
    const refused = await kontext({ prompt: "p", input_image: `${filesUrl}/wide.png`, safety_tolerance: 3 });
    expect(refused.status).toBe(422);
    const problem = (await refused.json()) as { invalid_fields: { field: string; description: string }[] };
    expect(problem.invalid_fields).toEqual([
      expect.objectContaining({ field: "input.safety_tolerance", description: expect.stringMatching(/less than or equal to 2/) }),
    ]);
    const textOnly = await kontext({ prompt: "p", safety_tolerance: 6 });
    expect(textOnly.status).toBe(201);
    expect(((await textOnly.json()) as EmulatorPrediction).status).toBe("succeeded");
    expect((await kontext({ prompt: "p", safety_tolerance: 7 })).status).toBe(422);
  });
});
