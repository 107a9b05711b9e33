import { AiGatewayError, createAiGateway, type GatewayCallRecord, type Prediction } from "../../../lib/ai-gateway";
import type { AppEnv } from "../../../lib/platform/env";
import { gatewayConfigFromEnv } from "../../../lib/platform/gateway-config";
import type { Logger } from "../../../lib/platform/logger";
import { isAllowedOutputUrl } from "../../../lib/images/download-outputs";
import type { StepResult } from "./table";

const TERMINAL = new Set(["succeeded", "failed", "canceled", "aborted"]);

export interface SmokeOptions {
  env: AppEnv;
  logger: Logger;
  /** Give up waiting for the prediction after this long. */
  waitTimeoutMs: number;
  pollIntervalMs: number;
}

/** Thrown by a step that failed; carries the row to print. */
export class StepFailure extends Error {
  constructor(readonly row: StepResult) {
    super(row.detail);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function describe(error: unknown): string {
  if (error instanceof AiGatewayError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** The three gateway steps (Gemini, create, wait) and the output download, each one row of the table. */
export function createSmokeSteps({ env, logger, waitTimeoutMs, pollIntervalMs }: SmokeOptions) {
  let last: GatewayCallRecord | null = null;
  const gateway = createAiGateway({
    ...gatewayConfigFromEnv(env),
    logger,
    onCall: (record) => {
      last = record;
    },
  });

  /** Runs one gateway call and describes it as a row from the client's own call record. */
  async function gatewayStep<T>(step: string, run: () => Promise<T>, summary: (value: T) => string): Promise<{ value: T; row: StepResult }> {
    last = null;
    const started = Date.now();
    const fromRecord = () => {
      const record = last as GatewayCallRecord | null;
      return {
        latencyMs: record?.latencyMs ?? Date.now() - started,
        cacheStatus: record?.cacheStatus ?? null,
        logId: record?.logId ?? null,
        httpStatus: record?.httpStatus ?? null,
      };
    };
    try {
      const value = await run();
      const { httpStatus, ...seen } = fromRecord();
      return { value, row: { step, ok: true, status: String(httpStatus ?? ""), ...seen, detail: summary(value) } };
    } catch (error) {
      const { httpStatus, ...seen } = fromRecord();
      const status = httpStatus !== null ? String(httpStatus) : error instanceof AiGatewayError ? error.kind : "error";
      throw new StepFailure({ step, ok: false, status, ...seen, detail: describe(error) });
    }
  }

  return {
    /** One Gemini generateContent through the gateway, cache skipped so the provider really answers. */
    async gemini(): Promise<StepResult> {
      const { row } = await gatewayStep(
        `gemini ${env.GEMINI_MODEL}`,
        () =>
          gateway.generateTextViaGemini({
            messages: [{ role: "user", content: "Reply with the single word: ready" }],
            temperature: 0,
            max_tokens: 16,
            metadata: { user_id: "smoke-test" },
          }),
        (value) => `answered "${value.text.trim().slice(0, 40)}" (${value.model})`,
      );
      return row;
    },

    /** Creates one flux-schnell prediction (no webhook: the next step polls it). */
    async createPrediction(): Promise<{ row: StepResult; prediction: Prediction }> {
      const { value: prediction, row } = await gatewayStep(
        "replicate create flux-schnell",
        () =>
          gateway.generateImageViaReplicate({
            model: "flux-schnell",
            input_prompt: "a small red cube on a white table, soft studio light",
            aspect_ratio: "1:1",
            num_outputs: 1,
            output_format: "webp",
            user_id: "smoke-test",
            locale: "en",
          }),
        (value) => `prediction ${value.id} ${value.status}`,
      );
      return { row, prediction };
    },

    /** Polls the prediction through the gateway until it ends; a prediction that does not succeed fails the step. */
    async waitForPrediction(created: Prediction): Promise<{ row: StepResult; prediction: Prediction }> {
      const started = Date.now();
      let prediction = created;
      let polls = 0;
      let lastRow: StepResult | null = null;
      while (!TERMINAL.has(prediction.status)) {
        if (Date.now() - started > waitTimeoutMs) {
          throw new StepFailure({
            step: "replicate wait",
            ok: false,
            status: prediction.status,
            latencyMs: Date.now() - started,
            cacheStatus: lastRow?.cacheStatus ?? null,
            logId: lastRow?.logId ?? null,
            detail: `still ${prediction.status} after ${Math.round(waitTimeoutMs / 1000)} s (${polls} polls)`,
          });
        }
        await sleep(pollIntervalMs);
        polls += 1;
        const polled = await gatewayStep(
          "replicate wait",
          () => gateway.getPrediction(created.id, { model: "flux-schnell" }),
          (value) => value.status,
        );
        prediction = polled.value;
        lastRow = polled.row;
      }
      const row: StepResult = {
        step: "replicate wait",
        ok: prediction.status === "succeeded",
        status: prediction.status,
        latencyMs: Date.now() - started,
        cacheStatus: lastRow?.cacheStatus ?? null,
        logId: lastRow?.logId ?? null,
        detail:
          prediction.status === "succeeded" ? `${polls} polls` : `the prediction ${prediction.status}: ${prediction.error ?? "no reason given"}`,
      };
      if (!row.ok) throw new StepFailure(row);
      return { row, prediction };
    },

    /** Downloads the first output the way the app will: only from REPLICATE_OUTPUT_HOSTS. */
    async downloadOutput(prediction: Prediction): Promise<StepResult> {
      const started = Date.now();
      const url = [prediction.output].flat().find((item): item is string => typeof item === "string");
      const fail = (status: string, detail: string) =>
        new StepFailure({ step: "download output", ok: false, status, latencyMs: Date.now() - started, cacheStatus: null, logId: null, detail });
      if (!url) throw fail("no output", "the prediction succeeded without an output URL");
      if (!isAllowedOutputUrl(url, env.REPLICATE_OUTPUT_HOSTS)) {
        throw fail(
          "refused",
          `${new URL(url).host} is not in REPLICATE_OUTPUT_HOSTS (${env.REPLICATE_OUTPUT_HOSTS.join(", ")}), so the app would refuse to store this image`,
        );
      }
      const response = await fetch(url, { signal: AbortSignal.timeout(30_000) }).catch((error: unknown) => {
        throw fail("error", `could not download ${new URL(url).host}: ${describe(error)}`);
      });
      const bytes = (await response.arrayBuffer()).byteLength;
      const type = response.headers.get("content-type") ?? "";
      if (!response.ok || !type.startsWith("image/") || bytes === 0) {
        throw fail(String(response.status), `expected an image, got HTTP ${response.status} ${type || "without a content type"} (${bytes} bytes)`);
      }
      return {
        step: "download output",
        ok: true,
        status: String(response.status),
        latencyMs: Date.now() - started,
        cacheStatus: null,
        logId: null,
        detail: `${type}, ${Math.round(bytes / 1024)} kB`,
      };
    },
  };
}
