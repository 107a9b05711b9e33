import type { FaultConfig } from "./faults";
import { CONTENT_TYPES, type ImageCache, type ImageFormat } from "./images";
import { jsonResponse, type EmulatorResponse } from "./http";
import type { PredictionRecord, PredictionStore } from "./predictions";
import { outputSizeFor } from "./sizes";

const FILE_NAME = /^out-(\d+)\.(webp|jpg|png)$/;

/** `GET /files/<prediction-id>/out-<i>.<fmt>`: the real image behind an output URL. */
export async function handleFile(
  store: PredictionStore,
  images: ImageCache,
  predictionId: string,
  name: string,
  faults?: FaultConfig,
): Promise<EmulatorResponse> {
  const record = store.get(predictionId);
  const match = FILE_NAME.exec(name);
  const index = Number(match?.[1]);
  const format = match?.[2] as ImageFormat | undefined;
  const output = record?.prediction.output;
  const listed = Array.isArray(output) ? output : output ? [output] : [];
  if (!record || !format || !listed.some((url) => url.endsWith(`/${predictionId}/${name}`))) {
    return jsonResponse(404, { detail: "Not found." });
  }
  const fault = faultyFile(faults);
  if (fault) return fault;
  const body = await renderOutput(images, record, name, index, format);
  return {
    status: 200,
    headers: { "content-type": CONTENT_TYPES[format], "content-length": String(body.length), "cache-control": "public, max-age=3600" },
    chunks: [body],
  };
}

const SCRIPTED_SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><script>alert(document.cookie)</script></svg>');

/** The `outputFile` fault: what a delivery host should never hand the app. */
function faultyFile(faults: FaultConfig | undefined): EmulatorResponse | null {
  switch (faults?.outputFile) {
    case "svg":
    case "svg-as-png":
      return {
        status: 200,
        headers: { "content-type": faults.outputFile === "svg" ? "image/svg+xml" : "image/png", "content-length": String(SCRIPTED_SVG.length) },
        chunks: [SCRIPTED_SVG],
      };
    case "redirect":
      return { status: 302, headers: { location: faults.redirectTo ?? "http://169.254.169.254/latest/meta-data" }, chunks: [] };
    default:
      return null;
  }
}

function renderOutput(images: ImageCache, record: PredictionRecord, name: string, index: number, format: ImageFormat): Promise<Buffer> {
  const { values } = record;
  const size = outputSizeFor(record.spec.size, values, record.inputSizes);
  return images.get(`${record.prediction.id}/${name}`, {
    ...size,
    fingerprint: `${String(values.prompt)}|${record.seed}|${index}`,
    format,
    quality: typeof values.output_quality === "number" ? values.output_quality : 80,
  });
}

/**
 * Renders a finished prediction's files before its `completed` webhook goes out: a real provider's files are
 * on its CDN when it reports completion, so the app's download must not wait for the emulator's encoder.
 */
export async function renderOutputs(images: ImageCache, record: PredictionRecord): Promise<void> {
  const output = record.prediction.output;
  const listed = Array.isArray(output) ? output : typeof output === "string" ? [output] : [];
  await Promise.all(
    listed.map((url) => {
      const name = url.slice(url.lastIndexOf("/") + 1);
      const match = FILE_NAME.exec(name);
      return match ? renderOutput(images, record, name, Number(match[1]), match[2] as ImageFormat).catch(() => undefined) : undefined;
    }),
  );
}
