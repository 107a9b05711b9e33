import { randomBytes } from "node:crypto";
import { webhookHeaders } from "../../emulator/webhook-signing";

type EventKind = "start" | "logs" | "output" | "completed";

/** One delivery as Replicate would make it: the prediction as it stood at that event. */
export interface WebhookEvent {
  taskId: string;
  kind: EventKind;
  webhookId: string;
  body: string;
  /** The progress a `logs` event reports (last tqdm percentage so far), for checking it reached D1. */
  progress: number | null;
}

type Prediction = Record<string, unknown> & { id: string; logs?: string | null; output?: unknown; status: string };

const lastPercent = (logs: string): number | null => {
  const all = [...logs.matchAll(/(\d{1,3})%\|/g)];
  const last = all[all.length - 1];
  return last ? Number(last[1]) : null;
};

const newWebhookId = () => `msg_${randomBytes(12).toString("base64url")}`;

/**
 * The deliveries a finished prediction went through with webhook_events_filter [start, logs, output, completed]:
 * `start`, one `logs` per log line (seed, each step, safety summary), `output`, then `completed`, each body the
 * prediction object as it stood then, exactly as the emulator (and Replicate) send them.
 */
export function eventsFor(taskId: string, final: Prediction): WebhookEvent[] {
  const lines = (final.logs ?? "").split("\n").filter((line) => line.length > 0);
  const running = { ...final, status: "processing", output: null, completed_at: null, metrics: undefined };
  const snapshots: [EventKind, Record<string, unknown>][] = [
    ["start", { ...final, status: "starting", logs: "", output: null, started_at: null, completed_at: null, metrics: undefined }],
    ...lines.map((_, index): [EventKind, Record<string, unknown>] => ["logs", { ...running, logs: `${lines.slice(0, index + 1).join("\n")}\n` }]),
    ["output", { ...running, logs: final.logs, output: final.output }],
    ["completed", final],
  ];
  return snapshots.map(([kind, prediction]) => ({
    taskId,
    kind,
    webhookId: newWebhookId(),
    body: JSON.stringify(prediction),
    progress: kind === "logs" ? lastPercent(String(prediction.logs ?? "")) : null,
  }));
}

/** Signed now (Standard Webhooks), so the 5-minute tolerance never bites however long a run takes. */
export function signedHeaders(event: Pick<WebhookEvent, "webhookId" | "body">, secret: string): Record<string, string> {
  return webhookHeaders({ secret, id: event.webhookId, timestamp: Math.floor(Date.now() / 1000), body: event.body });
}

/** The same delivery signed with a key that is not the app's: the app must answer 401 and change nothing. */
export function forgedHeaders(event: Pick<WebhookEvent, "webhookId" | "body">): Record<string, string> {
  return signedHeaders(event, `whsec_${randomBytes(24).toString("base64")}`);
}
