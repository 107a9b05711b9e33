import type { TestProject } from "vitest/node";
import { ensureBuild, startAppStack } from "../helpers/app-stack";
import { TEST_SECRETS } from "../helpers/secrets";

/**
 * Builds the worker (unless SKIP_BUILD=1 and a build exists), then serves it under `wrangler pages dev`
 * with fresh local D1/R2 state and the provider emulator, for the HTTP suites.
 */
export default async function setup(project: TestProject) {
  await ensureBuild();
  const stack = await startAppStack({
    label: "http",
    delays: { startMs: 0, stepMs: 0, webhookMs: 0, webhookRetryMs: 50 },
  });
  project.provide("workerUrl", stack.workerUrl);
  project.provide("emulatorUrl", stack.emulatorUrl);
  project.provide("workerLogFile", stack.logFile);
  // Test files run in other processes: they must sign and authenticate with these same secrets.
  project.provide("secrets", TEST_SECRETS);
  return () => stack.stop();
}
