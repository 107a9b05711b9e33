import type { FaultConfigInput } from "../../emulator/server";

/** Thin client for the emulator's control endpoints (`/__emulator/*`). */
export async function setFaults(emulatorUrl: string, faults: FaultConfigInput): Promise<void> {
  const response = await fetch(`${emulatorUrl}/__emulator/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(faults),
  });
  if (!response.ok) throw new Error(`setting faults failed: ${response.status} ${await response.text()}`);
}

export async function listEmulatorPredictions(emulatorUrl: string): Promise<any[]> {
  const body = (await (await fetch(`${emulatorUrl}/__emulator/predictions`)).json()) as any;
  return Array.isArray(body) ? body : body.predictions;
}

export async function listEmulatorRequests(emulatorUrl: string): Promise<any[]> {
  const body = (await (await fetch(`${emulatorUrl}/__emulator/requests`)).json()) as any;
  return Array.isArray(body) ? body : body.requests;
}

/** Our task id, read back from the webhook URL the app gave the prediction. */
export function taskIdOfWebhook(webhook: string | null | undefined): string | null {
  if (!webhook) return null;
  return new URL(webhook).searchParams.get("task");
}

/** Back to a clean emulator: no predictions, requests or faults; start-up delays. */
export async function resetEmulator(emulatorUrl: string): Promise<void> {
  const response = await fetch(`${emulatorUrl}/__emulator/reset`, { method: "POST" });
  if (!response.ok) throw new Error(`reset failed: ${response.status} ${await response.text()}`);
}
