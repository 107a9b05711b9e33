// npm run test:ai-gateway – smoke test of the configured AI Gateway: checks the settings, calls Gemini once,
// runs one flux-schnell prediction to the end and downloads its image, then prints what each step saw.
// Without CLOUDFLARE_AI_GATEWAY_URL it starts the provider emulator and tests against that.
// Exit codes: 0 all good · 1 a step failed · 2 the configuration is invalid.
import { parseArgs } from "node:util";
import { createLogger, type LogLevel } from "../lib/platform/logger";
import { redactString } from "../lib/platform/redact";
import { loadLocalConfig } from "./lib/local-config";
import { checkConfig, configWarnings } from "./lib/smoke/check-config";
import { startLocalGateway, type LocalGateway } from "./lib/smoke/local-emulator";
import { createSmokeSteps, StepFailure } from "./lib/smoke/steps";
import { formatTable, type StepResult } from "./lib/smoke/table";

const { values: flags } = parseArgs({ options: { verbose: { type: "boolean", default: false } } });

const config = loadLocalConfig({ defaultAppPort: 3000 });
const secrets = [
  config.vars.CLOUDFLARE_AI_GATEWAY_TOKEN,
  config.vars.REPLICATE_API_TOKEN,
  config.vars.GEMINI_API_KEY,
  config.vars.REPLICATE_WEBHOOK_SECRET,
  config.vars.SESSION_SECRET,
  config.vars.ADMIN_TOKEN,
];
const say = (text: string) => console.log(redactString(text, { secrets }));
const complain = (text: string) => console.error(redactString(text, { secrets }));

async function main(): Promise<number> {
  const checked = checkConfig(config.vars);
  if (!checked.ok) {
    complain("test:ai-gateway: the configuration is invalid:");
    for (const problem of checked.problems) complain(`  ${problem.variable}: ${problem.message}`);
    complain("\nSet these in .env or .dev.vars (see .env.example), or in the environment.");
    return 2;
  }

  let local: LocalGateway | null = null;
  let env = checked.env;
  // The client's JSON log lines (already redacted) go to stderr with --verbose; otherwise they are kept for a failure.
  const logLines: string[] = [];
  const logger = createLogger({
    debug: env.APP_ENV === "development",
    secrets,
    write: (line: string, _level: LogLevel) => (flags.verbose ? console.error(line) : logLines.push(line)),
  });

  try {
    if (config.localMode) {
      local = await startLocalGateway(config.vars, config.emulatorPort);
      const pointed = checkConfig({ ...config.vars, ...local.vars });
      if (!pointed.ok) throw new Error(`the emulator's settings are invalid: ${pointed.problems.map((p) => p.variable).join(", ")}`);
      env = pointed.env;
      say(`Gateway: the local provider emulator at ${env.CLOUDFLARE_AI_GATEWAY_URL}${local.note}`);
      say("         (no CLOUDFLARE_AI_GATEWAY_URL is set; set it to test the real Cloudflare AI Gateway)");
    } else {
      say(`Gateway: ${env.CLOUDFLARE_AI_GATEWAY_URL} (${env.CLOUDFLARE_AI_GATEWAY_TOKEN ? "authenticated" : "no gateway token"})`);
    }
    say(`Models:  ${env.GEMINI_MODEL} for prompt help, flux-schnell for images`);
    for (const warning of configWarnings(env, config.localMode)) complain(`warning: ${warning}`);

    const steps = createSmokeSteps({ env, logger, waitTimeoutMs: 180_000, pollIntervalMs: config.localMode ? 250 : 1000 });
    const rows: StepResult[] = [];
    try {
      rows.push(await steps.gemini());
      const created = await steps.createPrediction();
      rows.push(created.row);
      const finished = await steps.waitForPrediction(created.prediction);
      rows.push(finished.row);
      rows.push(await steps.downloadOutput(finished.prediction));
    } catch (error) {
      if (!(error instanceof StepFailure)) throw error;
      rows.push(error.row);
      say(`\n${formatTable(rows)}\n`);
      if (logLines.length > 0) complain(`Gateway client log (redacted):\n${logLines.slice(-5).join("\n")}\n`);
      complain(`test:ai-gateway FAILED at "${error.row.step}": ${error.row.detail}`);
      return 1;
    }
    say(`\n${formatTable(rows)}\n`);
    say("test:ai-gateway passed: Gemini answered and a flux-schnell image was generated through the gateway.");
    return 0;
  } finally {
    await local?.emulator.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    complain(`test:ai-gateway FAILED: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
