import { performance } from "node:perf_hooks";
import type { LatencyLog } from "./client";
import { every } from "./every";

interface ReconcileReport {
  checked: number;
  settled: number;
  promoted: number;
  pruned: number;
}

/** What the external scheduler's calls did over the run. */
interface ReconcilerTally {
  calls: number;
  failedCalls: number;
  checked: number;
  settled: number;
  promoted: number;
}

/**
 * Pages has no cron: an external scheduler calls `POST /api/admin/reconcile` with the admin token. This one does
 * so every few seconds during and after the load, for tasks quiet for 5 s (dropped final webhooks, creates whose
 * answer was lost or timed out, cancels whose prediction id came later).
 */
export function startReconciler(options: { workerUrl: string; adminToken: string; everySeconds: number; latency: LatencyLog }) {
  const tally: ReconcilerTally = { calls: 0, failedCalls: 0, checked: 0, settled: 0, promoted: 0 };
  const call = async () => {
    const started = performance.now();
    tally.calls += 1;
    const response = await fetch(`${options.workerUrl}/api/admin/reconcile`, {
      method: "POST",
      headers: { authorization: `Bearer ${options.adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ older_than_seconds: 5 }),
      signal: AbortSignal.timeout(120_000),
    });
    const text = await response.text();
    options.latency.record("POST /api/admin/reconcile", performance.now() - started, response.status);
    if (!response.ok) throw new Error(`reconcile answered ${response.status}: ${text.slice(0, 200)}`);
    const report = JSON.parse(text) as ReconcileReport;
    tally.checked += report.checked;
    tally.settled += report.settled;
    tally.promoted += report.promoted;
  };
  const stop = every(options.everySeconds * 1000, call, () => {
    tally.failedCalls += 1;
  });
  return { tally, stop };
}
