import type Replicate from "replicate";
import sharp from "sharp";
import { expect } from "vitest";
import { problemOf } from "./support";

export type Model = `${string}/${string}`;

/** Drives models through the official `replicate` client (made once the emulator listens) and reads what comes back. */
export function modelDriver(client: () => Replicate) {
  const run = (model: Model, input: Record<string, unknown>): Promise<unknown> => client().run(model, { input });

  /** The pixel size, format and content type of an output file. */
  async function sizeOf(url: string) {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    const { width, height, format } = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
    return { width, height, format, contentType: response.headers.get("content-type") };
  }

  /** Runs a single-output model, checks it answered exactly one URI string, and reads that image. */
  async function single(model: Model, input: Record<string, unknown>) {
    const output = await run(model, input);
    expect(typeof output).toBe("string");
    return sizeOf(output as string);
  }

  /** Creates a prediction that must be refused with Replicate's 422 problem; answers its invalid fields. */
  async function refused(model: Model, input: Record<string, unknown>) {
    const error = await client()
      .predictions.create({ model, input })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error, "the create should have been refused").toBeDefined();
    const problem = problemOf(error);
    expect(problem).toMatchObject({ status: 422, title: "Input validation failed" });
    return problem.invalid_fields ?? [];
  }

  /** Polls with the client until the prediction is terminal (`replicate.wait` throws on a failed one). */
  async function settled(id: string) {
    for (;;) {
      const prediction = await client().predictions.get(id);
      if (["succeeded", "failed", "canceled", "aborted"].includes(prediction.status)) return prediction;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Creates a prediction that must be accepted and succeed. */
  async function accepted(model: Model, input: Record<string, unknown>) {
    const done = await settled((await client().predictions.create({ model, input })).id);
    expect(done.error).toBeNull();
    expect(done.status).toBe("succeeded");
    return done;
  }

  return { run, sizeOf, single, refused, settled, accepted };
}
