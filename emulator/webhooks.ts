import type { EmulatorDelays, FaultState } from "./faults";
import { childSignal, sleep } from "./http";
import { newWebhookMessageId } from "./ids";
import type { PredictionRecord, WebhookEvent } from "./predictions";
import { webhookHeaders } from "./webhook-signing";

interface Delivery {
  predictionId: string;
  event: WebhookEvent;
  url: string;
  body: string;
  webhookId: string;
  final: boolean;
}

/** One line of `GET /__emulator/webhooks`. */
export interface DeliveryRecord {
  predictionId: string;
  event: WebhookEvent;
  webhookId: string;
  url: string;
  attempt: number;
  duplicate: boolean;
  /** HTTP status of the receiver; null on a network error or when dropped. */
  status: number | null;
  error?: string;
  /** Not sent at all because of a webhookDrop / webhookDropFinal fault. */
  dropped?: boolean;
  time: string;
}

interface Channel {
  tail: Promise<void>;
  /** When the last `logs`/`output` delivery was queued (for the 500 ms throttle). */
  lastIntermediateAt: number;
  reorder: boolean;
  dropFinal: boolean;
  held: Delivery[];
}

const MAX_FINAL_ATTEMPTS = 5;
const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * Sends a prediction's webhooks one at a time, in order, signed with Standard Webhooks.
 * Only the terminal (`completed`) delivery is retried, as Replicate does.
 */
export class WebhookDispatcher {
  readonly log: DeliveryRecord[] = [];
  private channels = new Map<string, Channel>();
  private controller = new AbortController();

  constructor(private deps: { secret: string; faults: FaultState; delays(): EmulatorDelays }) {}

  handle(record: PredictionRecord, event: WebhookEvent): void {
    const url = record.webhook;
    if (!url) return;
    const channel = this.channelFor(record.prediction.id);
    const final = event === "completed";
    if (record.webhookEventsFilter.includes(event) && !this.throttled(channel, event)) {
      const delivery: Delivery = {
        predictionId: record.prediction.id,
        event,
        url,
        final,
        body: JSON.stringify(record.prediction),
        webhookId: newWebhookMessageId(),
      };
      const dropped = final ? channel.dropFinal : this.deps.faults.roll(this.deps.faults.config.webhookDrop);
      if (dropped) this.record(delivery, { attempt: 0, duplicate: false, status: null, dropped: true });
      else if (channel.reorder) channel.held.push(delivery);
      else this.enqueue(channel, delivery);
    }
    if (final && channel.reorder) this.releaseShuffled(channel);
  }

  /** Replicate sends `logs` and `output` at most once per 500 ms; later events carry the full state anyway. */
  private throttled(channel: Channel, event: WebhookEvent): boolean {
    if (event !== "logs" && event !== "output") return false;
    const now = Date.now();
    if (now - channel.lastIntermediateAt < this.deps.delays().webhookThrottleMs) return true;
    channel.lastIntermediateAt = now;
    return false;
  }

  /** Forgets queued deliveries and aborts those in flight (reset / close). */
  reset(): void {
    this.controller.abort();
    this.controller = new AbortController();
    this.channels.clear();
    this.log.length = 0;
  }

  private channelFor(predictionId: string): Channel {
    let channel = this.channels.get(predictionId);
    if (!channel) {
      const { faults } = this.deps;
      channel = {
        tail: Promise.resolve(),
        lastIntermediateAt: Number.NEGATIVE_INFINITY,
        reorder: faults.roll(faults.config.webhookReorder),
        dropFinal: faults.roll(faults.config.webhookDropFinal),
        held: [],
      };
      this.channels.set(predictionId, channel);
    }
    return channel;
  }

  /** Shuffles the held intermediate deliveries; sometimes `completed` overtakes the last `logs`. */
  private releaseShuffled(channel: Channel): void {
    const { faults } = this.deps;
    const final = channel.held.filter((d) => d.final);
    const order = faults.shuffle(channel.held.filter((d) => !d.final));
    const lastLogs = order.map((d) => d.event).lastIndexOf("logs");
    if (lastLogs >= 0 && faults.roll(0.5)) order.splice(lastLogs, 0, ...final);
    else order.push(...final);
    channel.held = [];
    for (const delivery of order) this.enqueue(channel, delivery);
  }

  private enqueue(channel: Channel, delivery: Delivery): void {
    const signal = this.controller.signal;
    channel.tail = channel.tail.then(() => this.send(delivery, signal));
  }

  private async send(delivery: Delivery, signal: AbortSignal): Promise<void> {
    const { faults } = this.deps;
    await sleep(this.deps.delays().webhookMs + faults.config.webhookLateMs, signal);
    const copies = faults.roll(faults.config.webhookDuplicate) ? 2 : 1;
    for (let copy = 0; copy < copies && !signal.aborted; copy++) {
      await this.sendWithRetries(delivery, copy > 0, signal);
    }
  }

  private async sendWithRetries(delivery: Delivery, duplicate: boolean, signal: AbortSignal): Promise<void> {
    const attempts = delivery.final ? MAX_FINAL_ATTEMPTS : 1;
    for (let attempt = 1; attempt <= attempts && !signal.aborted; attempt++) {
      const status = await this.post(delivery, attempt, duplicate, signal);
      const retryable = status === null || status >= 400;
      if (!retryable || attempt === attempts) return;
      await sleep(this.deps.delays().webhookRetryMs * 2 ** (attempt - 1), signal);
    }
  }

  private async post(delivery: Delivery, attempt: number, duplicate: boolean, signal: AbortSignal): Promise<number | null> {
    const headers = webhookHeaders({
      secret: this.deps.secret,
      id: delivery.webhookId,
      timestamp: Math.floor(Date.now() / 1000),
      body: delivery.body,
    });
    const scope = childSignal(signal, DELIVERY_TIMEOUT_MS);
    try {
      const response = await fetch(delivery.url, {
        method: "POST",
        headers,
        body: delivery.body,
        redirect: "manual",
        signal: scope.signal,
      });
      await response.arrayBuffer();
      this.record(delivery, { attempt, duplicate, status: response.status });
      return response.status;
    } catch (error) {
      if (signal.aborted) return null;
      this.record(delivery, { attempt, duplicate, status: null, error: error instanceof Error ? error.message : String(error) });
      return null;
    } finally {
      scope.release();
    }
  }

  private record(delivery: Delivery, result: Pick<DeliveryRecord, "attempt" | "duplicate" | "status" | "error" | "dropped">): void {
    this.log.push({
      predictionId: delivery.predictionId,
      event: delivery.event,
      webhookId: delivery.webhookId,
      url: delivery.url,
      time: new Date().toISOString(),
      ...result,
    });
  }
}
