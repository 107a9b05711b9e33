import type { TestProject } from "vitest/node";
import { ensureBuild, startAppStack } from "../helpers/app-stack";
import { TEST_SECRETS } from "../helpers/secrets";

/**
 * The built app under `wrangler pages dev` with the provider emulator, paced so that a browser sees
 * a task run: about 0.2 s to start and 0.15 s per inference step (flux-dev: 28 steps).
 */
export default async function setup(project: TestProject) {
  await ensureBuild();
  const stack = await startAppStack({
    label: "e2e",
    delays: { startMs: 200, stepMs: 150, webhookMs: 0, webhookRetryMs: 50 },
    // Small enough for tests/e2e/spend.test.ts to reach in a few creates; each visitor is a new user.
    vars: { BUDGET_USER_USD_PER_DAY: "0.5" },
  });
  project.provide("workerUrl", stack.workerUrl);
  project.provide("emulatorUrl", stack.emulatorUrl);
  project.provide("workerLogFile", stack.logFile);
  project.provide("secrets", TEST_SECRETS);
  return () => stack.stop();
}
