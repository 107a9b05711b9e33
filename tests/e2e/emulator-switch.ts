import { inject } from "vitest";
import type { FaultConfigInput } from "../../emulator/server";
import { setFaults } from "../helpers/emulator-control";

/** Turns provider faults on in the shared emulator; `resetEmulator` turns them off again. */
export function switchFaults(faults: FaultConfigInput): Promise<void> {
  return setFaults(inject("emulatorUrl"), faults);
}

export async function resetEmulator(): Promise<void> {
  const response = await fetch(`${inject("emulatorUrl")}/__emulator/reset`, { method: "POST" });
  if (!response.ok) throw new Error(`resetting the emulator failed: ${response.status}`);
}
