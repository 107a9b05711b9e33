import { runPool, sleep } from "../lib/load";
import { SessionClient } from "../lib/session-client";
import type { Stack } from "../lib/stack";
import { eventsFor, type WebhookEvent } from "../lib/webhook-events";

const CREATE_LANES = 8;

interface EmulatorPrediction {
  id: string;
  status: string;
  webhook: string | null;
}

export interface IngestTask {
  taskId: string;
  predictionId: string;
  events: WebhookEvent[];
  outputCount: number;
}

/**
 * Real tasks for the webhook benchmark: created through POST /api/generate (so rows, prediction ids and
 * R2 keys are the app's own), with the emulator finishing each prediction but dropping its webhooks, so
 * the benchmark alone delivers them. Output files are fetched once so the app's R2 copy reads a warm file,
 * as it would from Replicate's CDN.
 */
export async function prepareIngestTasks(stack: Stack, count: number, label: string): Promise<IngestTask[]> {
  await stack.setFaults({ webhookDrop: 1, webhookDropFinal: 1, delays: { startMs: 0, stepMs: 0, webhookMs: 0 } });
  const clients = Array.from({ length: CREATE_LANES }, () => new SessionClient(stack.workerUrl));
  const taskIds: string[] = [];
  await runPool(
    Array.from({ length: count }, (_, i) => i),
    CREATE_LANES,
    async (i, _index, lane) => {
      const body = { model: "flux-schnell", prompt: `${label}: a harbour at dawn, study ${i}`, aspect_ratio: "1:1" };
      let created = await clients[lane]!.post<{ task?: { id: string; status: string } }>("/api/generate", body);
      // wrangler pages dev occasionally recycles its worker and answers 503 without running the request; this is
      // set-up, not a measurement, so such a create is simply sent again.
      for (let retry = 0; retry < 3 && created.status === 503 && String(created.body).includes("restarted"); retry++) {
        await sleep(500);
        created = await clients[lane]!.post<{ task?: { id: string; status: string } }>("/api/generate", body);
      }
      const task = created.body.task;
      if (created.status !== 201 || !task) throw new Error(`create answered ${created.status}: ${JSON.stringify(created.body)}`);
      if (task.status !== "starting") throw new Error(`a new task is ${task.status}, expected starting`);
      taskIds.push(task.id);
    },
  );

  const wanted = new Set(taskIds);
  let predictions = new Map<string, EmulatorPrediction>();
  for (let attempt = 0; attempt < 600; attempt++) {
    const listed = (await (await fetch(`${stack.emulator.url}/__emulator/predictions`)).json()) as EmulatorPrediction[];
    predictions = new Map(
      listed
        .map((p): [string, EmulatorPrediction] => [new URL(p.webhook ?? "http://x/").searchParams.get("task") ?? "", p])
        .filter(([taskId]) => wanted.has(taskId)),
    );
    if (predictions.size === wanted.size && [...predictions.values()].every((p) => p.status === "succeeded")) break;
    await sleep(50);
  }
  if (predictions.size !== wanted.size) throw new Error(`only ${predictions.size} of ${wanted.size} predictions found in the emulator`);

  const tasks: IngestTask[] = [];
  await runPool(taskIds, CREATE_LANES, async (taskId) => {
    const predictionId = predictions.get(taskId)!.id;
    const final = (await (await fetch(`${stack.emulator.url}/p/${predictionId}`)).json()) as Parameters<typeof eventsFor>[1];
    if (final.status !== "succeeded") throw new Error(`prediction ${predictionId} is ${final.status}`);
    const outputs = Array.isArray(final.output) ? (final.output as string[]) : [String(final.output)];
    for (const url of outputs) {
      const file = await fetch(url);
      if (!file.ok) throw new Error(`output ${url} answered ${file.status}`);
      await file.arrayBuffer();
    }
    tasks.push({ taskId, predictionId, events: eventsFor(taskId, final), outputCount: outputs.length });
  });
  await stack.setFaults({});
  return tasks;
}
