import { CONTENT_TYPES, type ImageCache, type ImageFormat } from "./images";
import { jsonResponse, type EmulatorResponse } from "./http";
import type { PredictionStore } from "./predictions";
import { imageSizeFor } from "./sizes";

const FILE_NAME = /^out-(\d+)\.(webp|jpg|png)$/;

/** `GET /files/<prediction-id>/out-<i>.<fmt>`: the real image behind an output URL. */
export async function handleFile(store: PredictionStore, images: ImageCache, predictionId: string, name: string): Promise<EmulatorResponse> {
  const record = store.get(predictionId);
  const match = FILE_NAME.exec(name);
  const index = Number(match?.[1]);
  const format = match?.[2] as ImageFormat | undefined;
  const output = record?.prediction.output;
  const listed = Array.isArray(output) ? output : output ? [output] : [];
  if (!record || !format || !listed.some((url) => url.endsWith(`/${predictionId}/${name}`))) {
    return jsonResponse(404, { detail: "Not found." });
  }
  const { values } = record;
  const body = await images.get(`${predictionId}/${name}`, {
    ...imageSizeFor(values),
    fingerprint: `${String(values.prompt)}|${record.seed}|${index}`,
    format,
    quality: typeof values.output_quality === "number" ? values.output_quality : 80,
  });
  return {
    status: 200,
    headers: { "content-type": CONTENT_TYPES[format], "content-length": String(body.length), "cache-control": "public, max-age=3600" },
    chunks: [body],
  };
}
