import { describe, expect, it } from "vitest";
import { AiGatewayError } from "../../lib/ai-gateway";
import {
  CLOCK_START,
  dropped,
  GATEWAY_TOKEN,
  GATEWAY_URL,
  hang,
  json,
  prediction,
  refused,
  rejectionOf,
  REPLICATE_TOKEN,
  setup,
} from "./ai-gateway-harness";

const PREDICTIONS_URL = `${GATEWAY_URL}/replicate/models/black-forest-labs/flux-schnell/predictions`;
const GET_URL = `${GATEWAY_URL}/replicate/predictions/gm3qorzdhgbfurvjtvhg6dckhu`;

const imageParams = {
  model: "flux-schnell",
  input_prompt: "  A beautiful sunset over mountains  ",
  aspect_ratio: "16:9",
  is_private: 1 as const,
  user_id: "user123",
  locale: "en",
  task_id: "task_1",
  webhook: "https://studio.example.com/api/webhooks/replicate?task=task_1",
  webhook_events_filter: ["start", "output", "logs", "completed"] as ("start" | "output" | "logs" | "completed")[],
};

function expectGatewayError(error: unknown): AiGatewayError {
  expect(error).toBeInstanceOf(AiGatewayError);
  return error as AiGatewayError;
}

function expectAllUsed(http: ReturnType<typeof setup>["http"]) {
  expect(http.leftovers()).toEqual({ unused: 0, unexpected: [] });
}

describe("createAiGateway", () => {
  it("refuses a gateway URL that is not http(s), naming the setting", () => {
    expect(() => setup([], { gatewayUrl: "gateway.ai.cloudflare.com/v1/a/b" })).toThrow(/CLOUDFLARE_AI_GATEWAY_URL/);
    expect(() => setup([], { gatewayUrl: "ftp://gateway.example/v1/a/b" })).toThrow(/CLOUDFLARE_AI_GATEWAY_URL/);
  });
});

describe("generateImageViaReplicate: the request", () => {
  it("POSTs the official-model path through the gateway with provider and gateway credentials", async () => {
    const { gateway, http } = setup([json(201, prediction())]);
    const result = await gateway.generateImageViaReplicate(imageParams);

    expect(result.id).toBe("gm3qorzdhgbfurvjtvhg6dckhu");
    expect(result.status).toBe("starting");
    const [request] = http.requests;
    expect(request?.url).toBe(PREDICTIONS_URL);
    expect(request?.method).toBe("POST");
    expect(request?.headers.get("authorization")).toBe(`Bearer ${REPLICATE_TOKEN}`);
    expect(request?.headers.get("cf-aig-authorization")).toBe(`Bearer ${GATEWAY_TOKEN}`);
    expect(request?.headers.get("cf-aig-skip-cache")).toBe("true");
    expect(request?.headers.get("content-type")).toBe("application/json");
    expect(request?.headers.get("prefer")).toBeNull();
    expect(request?.body).toEqual({
      input: { prompt: "A beautiful sunset over mountains", aspect_ratio: "16:9" },
      webhook: imageParams.webhook,
      webhook_events_filter: ["start", "output", "logs", "completed"],
    });
    expectAllUsed(http);
  });

  it("tolerates a trailing slash on the gateway URL and sends no cf-aig-authorization without a gateway token", async () => {
    const { gateway, http } = setup([json(201, prediction())], { gatewayUrl: `${GATEWAY_URL}/`, gatewayToken: undefined });
    await gateway.generateImageViaReplicate(imageParams);
    expect(http.requests[0]?.url).toBe(PREDICTIONS_URL);
    expect(http.requests[0]?.headers.has("cf-aig-authorization")).toBe(false);
  });

  it("sends cf-aig-metadata with at most 5 entries, all strings, numbers or booleans", async () => {
    const { gateway, http } = setup([json(201, prediction()), json(201, prediction())]);
    await gateway.generateImageViaReplicate(imageParams);
    await gateway.generateImageViaReplicate({ model: "flux-dev", input_prompt: "a cat", user_id: "u2", is_private: false });

    const first = JSON.parse(http.requests[0]?.headers.get("cf-aig-metadata") ?? "null") as Record<string, unknown>;
    expect(first).toEqual({ task_id: "task_1", user_id: "user123", model: "flux-schnell", locale: "en", private: true });
    const second = JSON.parse(http.requests[1]?.headers.get("cf-aig-metadata") ?? "null") as Record<string, unknown>;
    expect(second).toEqual({ user_id: "u2", model: "flux-dev", private: false });
    for (const metadata of [first, second]) {
      expect(Object.keys(metadata).length).toBeLessThanOrEqual(5);
      for (const value of Object.values(metadata)) expect(["string", "number", "boolean"]).toContain(typeof value);
    }
  });

  it("maps the registry's app-facing inputs to the provider's (flux-pro: steps, no num_outputs)", async () => {
    const { gateway, http } = setup([json(201, prediction({ model: "black-forest-labs/flux-pro" }))]);
    await gateway.generateImageViaReplicate({
      model: "flux-pro",
      input_prompt: "a lighthouse",
      user_id: "u1",
      num_outputs: 1,
      num_inference_steps: 40,
      guidance: 4,
      seed: 42,
      output_format: "png",
    });
    expect(http.requests[0]?.url).toBe(`${GATEWAY_URL}/replicate/models/black-forest-labs/flux-pro/predictions`);
    expect(http.requests[0]?.body).toEqual({
      input: { prompt: "a lighthouse", steps: 40, guidance: 4, seed: 42, output_format: "png" },
    });
  });

  it("treats null model inputs as not set", async () => {
    const { gateway, http } = setup([json(201, prediction())]);
    await gateway.generateImageViaReplicate({ ...imageParams, seed: null, num_inference_steps: null } as never);
    expect(http.requests[0]?.body).toMatchObject({ input: { prompt: "A beautiful sunset over mountains", aspect_ratio: "16:9" } });
    expect((http.requests[0]?.body as { input: Record<string, unknown> } | undefined)?.input).not.toHaveProperty("seed");
  });

  it.each([
    ["an unknown model key", { model: "flux-ultra" }, /Unknown image model "flux-ultra"/],
    ["a whitespace-only prompt", { input_prompt: "   " }, /prompt/],
    ["a prompt over 2000 characters", { input_prompt: "x".repeat(2001) }, /prompt/],
    ["schnell with 5 steps", { num_inference_steps: 5 }, /num_inference_steps/],
    ["an unknown aspect ratio", { aspect_ratio: "7:3" }, /aspect_ratio/],
    ["a field the model does not take", { lora_weights: "fofr/flux-80s-cyberpunk" }, /lora_weights/],
    ["a missing user id", { user_id: "" }, /user_id/],
    ["a webhook that is not a URL", { webhook: "not a url" }, /webhook/],
  ])("rejects %s as invalid_input before any request", async (_name, change, message) => {
    const { gateway, http, records, callLines } = setup([]);
    const error = expectGatewayError(await rejectionOf(gateway.generateImageViaReplicate({ ...imageParams, ...change })));
    expect(error.kind).toBe("invalid_input");
    expect(error.retryable).toBe(false);
    expect(error.attempts).toBe(0);
    expect(error.message).toMatch(message);
    expect(http.requests).toHaveLength(0);
    expect(records).toHaveLength(0);
    expect(callLines()).toHaveLength(0);
  });
});

describe("generateImageViaReplicate: retries and unknown outcomes", () => {
  it("retries a 429 and waits for Retry-After given in seconds", async () => {
    const { gateway, http, clock, records } = setup([
      json(429, { detail: "Request was throttled." }, { "retry-after": "3" }),
      json(201, prediction()),
    ]);
    const result = await gateway.generateImageViaReplicate(imageParams);
    expect(result.id).toBe("gm3qorzdhgbfurvjtvhg6dckhu");
    expect(http.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([3000]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ ok: true, attempts: 2, httpStatus: 201, operation: "prediction.create", latencyMs: 3000 });
  });

  it("honours Retry-After given as an HTTP date, relative to the injected clock", async () => {
    const at = new Date(CLOCK_START + 12_000).toUTCString();
    const { gateway, clock } = setup([json(429, {}, { "retry-after": at }), json(201, prediction())]);
    await gateway.generateImageViaReplicate(imageParams);
    expect(clock.sleeps).toEqual([12_000]);
  });

  it('reads Replicate\'s "resets in ~Ns" when there is no Retry-After header', async () => {
    const { gateway, clock } = setup([json(429, { detail: "Request was throttled. Your rate limit resets in ~7s." }), json(201, prediction())]);
    await gateway.generateImageViaReplicate(imageParams);
    expect(clock.sleeps).toEqual([7000]);
  });

  it("gives up after 3 retries of a 429 with a rate_limited error carrying the server's hint", async () => {
    const throttled = json(429, { detail: "Request was throttled. Your rate limit resets in ~2s." });
    const { gateway, http, clock, records } = setup([throttled, throttled, throttled, throttled]);
    const error = expectGatewayError(await rejectionOf(gateway.generateImageViaReplicate(imageParams)));
    expect(error.kind).toBe("rate_limited");
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(2000);
    expect(error.attempts).toBe(4);
    expect(error.outcomeUnknown).toBe(false);
    expect(error.message).toMatch(/Wait 2 s/);
    expect(http.requests).toHaveLength(4);
    expect(clock.sleeps).toEqual([2000, 2000, 2000]);
    expect(records.map((record) => record.attempts)).toEqual([4]);
    expectAllUsed(http);
  });

  it("does not sleep through a hint longer than a minute: it fails at once with retryAfterMs", async () => {
    const { gateway, http, clock } = setup([json(429, {}, { "retry-after": "120" })]);
    const error = expectGatewayError(await rejectionOf(gateway.generateImageViaReplicate(imageParams)));
    expect(error.kind).toBe("rate_limited");
    expect(error.retryAfterMs).toBe(120_000);
    expect(http.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it("does not re-send a create that timed out: one request, aborted, outcome unknown", async () => {
    const { gateway, http, records } = setup([hang], { timeoutMs: { replicate: 40 } });
    const started = performance.now();
    const error = expectGatewayError(await rejectionOf(gateway.generateImageViaReplicate(imageParams)));
    expect(performance.now() - started).toBeGreaterThanOrEqual(30);
    expect(error).toMatchObject({ kind: "timeout", outcomeUnknown: true, retryable: false, status: null, attempts: 1 });
    expect(error.message).toMatch(/not sent again/);
    expect(http.requests).toHaveLength(1);
    expect(http.requests[0]?.signal?.aborted).toBe(true);
    expect(records[0]).toMatchObject({ ok: false, errorKind: "timeout", attempts: 1, httpStatus: null });
  });

  it("does not re-send a create whose connection dropped after sending", async () => {
    const { gateway, http } = setup([dropped]);
    const error = expectGatewayError(await rejectionOf(gateway.generateImageViaReplicate(imageParams)));
    expect(error).toMatchObject({ kind: "network", outcomeUnknown: true, retryable: false });
    expect(http.requests).toHaveLength(1);
  });

  it("re-sends a create whose connection was refused (nothing was sent)", async () => {
    const { gateway, http, clock } = setup([refused, json(201, prediction())]);
    const result = await gateway.generateImageViaReplicate(imageParams);
    expect(result.status).toBe("starting");
    expect(http.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([250]);
  });

  it("does not re-send a create after a 500; a 502 from the gateway leaves the outcome unknown", async () => {
    const down = setup([json(500, { detail: "Internal server error" })]);
    const downError = expectGatewayError(await rejectionOf(down.gateway.generateImageViaReplicate(imageParams)));
    expect(downError).toMatchObject({ kind: "provider_down", status: 500, retryable: false, outcomeUnknown: false });
    expect(down.http.requests).toHaveLength(1);

    const badGateway = setup([json(502, { error: "bad gateway" })]);
    const unknown = expectGatewayError(await rejectionOf(badGateway.gateway.generateImageViaReplicate(imageParams)));
    expect(unknown).toMatchObject({ status: 502, retryable: false, outcomeUnknown: true });
    expect(badGateway.http.requests).toHaveLength(1);
  });

  it("treats a 2xx create it cannot read as 'outcome unknown' (the prediction may exist)", async () => {
    const { gateway } = setup([json(201, { hello: "world" })]);
    const error = expectGatewayError(await rejectionOf(gateway.generateImageViaReplicate(imageParams)));
    expect(error).toMatchObject({ kind: "provider_down", outcomeUnknown: true, retryable: false, status: 201 });
  });
});

describe("Replicate errors are classified with messages a person can act on", () => {
  it("422 → invalid_input with Replicate's detail and invalid fields, not retried", async () => {
    const { gateway, http } = setup([
      json(422, {
        detail: "- input.num_inference_steps: Must be less than or equal to 4\n",
        status: 422,
        title: "Input validation failed",
        invalid_fields: [{ type: "number_lte", field: "input.num_inference_steps", description: "Must be ≤ 4" }],
      }),
    ]);
    const error = expectGatewayError(await rejectionOf(gateway.getPrediction("gm3qorzdhgbfurvjtvhg6dckhu")));
    expect(error).toMatchObject({ kind: "invalid_input", status: 422, retryable: false });
    expect(error.message).toMatch(/num_inference_steps: Must be less than or equal to 4/);
    expect(http.requests).toHaveLength(1);
  });

  it("401 from Replicate → auth naming REPLICATE_API_TOKEN", async () => {
    const { gateway } = setup([json(401, { title: "Unauthenticated", detail: "You did not pass a valid authentication token", status: 401 })]);
    const error = expectGatewayError(await rejectionOf(gateway.generateImageViaReplicate(imageParams)));
    expect(error).toMatchObject({ kind: "auth", status: 401, retryable: false, provider: "replicate" });
    expect(error.message).toMatch(/REPLICATE_API_TOKEN/);
    expect(error.message).not.toMatch(/CLOUDFLARE_AI_GATEWAY_TOKEN/);
  });

  it("the gateway's own 401 (code 2009) → auth naming the gateway token", async () => {
    const { gateway } = setup([
      json(401, {
        success: false,
        result: [],
        messages: [],
        error: [{ code: 2009, message: "Unauthorized" }],
        name: "AiGatewayError",
        httpCode: 401,
        internalCode: 2009,
      }),
    ]);
    const error = expectGatewayError(await rejectionOf(gateway.getPrediction("gm3qorzdhgbfurvjtvhg6dckhu")));
    expect(error.kind).toBe("auth");
    expect(error.message).toMatch(/CLOUDFLARE_AI_GATEWAY_TOKEN/);
    expect(error.message).not.toMatch(/REPLICATE_API_TOKEN/);
  });

  it("keeps the gateway log id on errors and call records", async () => {
    const { gateway, records } = setup([
      json(400, { detail: "bad" }, { "cf-aig-log-id": "01JADMCQQQBWH3NXZ5GCRN98DP", "cf-aig-cache-status": "MISS" }),
    ]);
    const error = expectGatewayError(await rejectionOf(gateway.getPrediction("gm3qorzdhgbfurvjtvhg6dckhu")));
    expect(error.logId).toBe("01JADMCQQQBWH3NXZ5GCRN98DP");
    expect(records[0]).toMatchObject({ logId: "01JADMCQQQBWH3NXZ5GCRN98DP", cacheStatus: "MISS", httpStatus: 400 });
  });
});

describe("getPrediction and cancelPrediction (safe to retry)", () => {
  it("retries 500, 503 and a dropped connection with growing full-jitter backoff", async () => {
    const done = prediction({ status: "succeeded", output: ["https://replicate.delivery/x/out-0.webp"] });
    const { gateway, http, clock, records } = setup([json(500, {}), json(503, {}), dropped, json(200, done)]);
    const result = await gateway.getPrediction("gm3qorzdhgbfurvjtvhg6dckhu", { taskId: "task_9" });

    expect(result.status).toBe("succeeded");
    expect(result.output).toEqual(["https://replicate.delivery/x/out-0.webp"]);
    expect(http.requests.map((request) => `${request.method} ${request.url}`)).toEqual(Array(4).fill(`GET ${GET_URL}`));
    // random() = 0.5 of min(8000, 500·2^n): 250, 500, 1000
    expect(clock.sleeps).toEqual([250, 500, 1000]);
    expect(records).toEqual([
      expect.objectContaining({ ok: true, attempts: 4, operation: "prediction.get", model: "flux-schnell", taskId: "task_9" }),
    ]);
    const headers = http.requests[0]?.headers;
    expect(headers?.get("cf-aig-skip-cache")).toBe("true");
    expect(headers?.has("content-type")).toBe(false);
    expect(JSON.parse(headers?.get("cf-aig-metadata") ?? "{}")).toEqual({ task_id: "task_9", operation: "get" });
    expectAllUsed(http);
  });

  it("backoff never exceeds maxDelayMs", async () => {
    const { gateway, clock } = setup([json(500, {}), json(500, {}), json(500, {}), json(200, prediction())], {
      random: () => 0.999,
      baseDelayMs: 1000,
      maxDelayMs: 1500,
    });
    await gateway.getPrediction("gm3qorzdhgbfurvjtvhg6dckhu");
    expect(clock.sleeps).toEqual([999, 1499, 1499]);
  });

  it("stops after 3 retries with provider_down and the attempt count", async () => {
    const { gateway, http } = setup([json(503, {}), json(503, {}), json(503, {}), json(503, {})]);
    const error = expectGatewayError(await rejectionOf(gateway.getPrediction("gm3qorzdhgbfurvjtvhg6dckhu")));
    expect(error).toMatchObject({ kind: "provider_down", status: 503, retryable: true, attempts: 4, outcomeUnknown: false });
    expect(http.requests).toHaveLength(4);
  });

  it("honours maxRetries", async () => {
    const { gateway, http } = setup([json(503, {}), json(503, {})], { maxRetries: 1 });
    const error = expectGatewayError(await rejectionOf(gateway.getPrediction("gm3qorzdhgbfurvjtvhg6dckhu")));
    expect(error.attempts).toBe(2);
    expect(http.requests).toHaveLength(2);
  });

  it("retries a GET that timed out (the first attempt is really aborted) and a 408", async () => {
    const { gateway, http } = setup([hang, json(408, {}), json(200, prediction({ status: "processing" }))], {
      timeoutMs: { replicate: 30 },
    });
    const result = await gateway.getPrediction("gm3qorzdhgbfurvjtvhg6dckhu");
    expect(result.status).toBe("processing");
    expect(http.requests).toHaveLength(3);
    expect(http.requests[0]?.signal?.aborted).toBe(true);
    expect(http.requests[2]?.signal?.aborted).toBe(false);
  });

  it("cancels with POST …/predictions/{id}/cancel and retries it on 5xx", async () => {
    const { gateway, http, records } = setup([json(500, {}), json(200, prediction({ status: "canceled" }))]);
    const result = await gateway.cancelPrediction("gm3qorzdhgbfurvjtvhg6dckhu", { taskId: "t" });
    expect(result.status).toBe("canceled");
    expect(http.requests.map((request) => `${request.method} ${request.url}`)).toEqual([`POST ${GET_URL}/cancel`, `POST ${GET_URL}/cancel`]);
    expect(http.requests[0]?.bodyText).toBeNull();
    expect(records[0]).toMatchObject({ operation: "prediction.cancel", attempts: 2, ok: true });
  });

  it("clears the per-attempt timer: a finished call is never aborted afterwards", async () => {
    const { gateway, http } = setup([json(200, prediction())], { timeoutMs: { replicate: 20 } });
    await gateway.getPrediction("gm3qorzdhgbfurvjtvhg6dckhu");
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(http.requests[0]?.signal?.aborted).toBe(false);
  });

  it("rejects an id that is not a prediction id without a request", async () => {
    const { gateway, http } = setup([]);
    const error = expectGatewayError(await rejectionOf(gateway.getPrediction("../../secrets")));
    expect(error.kind).toBe("invalid_input");
    expect(http.requests).toHaveLength(0);
  });

  it("really waits between retries with the default sleep", async () => {
    const { gateway, http } = setup([json(503, {}), json(503, {}), json(200, prediction())], {
      sleep: undefined,
      random: () => 0.999,
      baseDelayMs: 20,
    });
    const started = performance.now();
    await gateway.getPrediction("gm3qorzdhgbfurvjtvhg6dckhu");
    // ≈20 ms then ≈40 ms; timers may fire a millisecond early.
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    expect(http.requests).toHaveLength(3);
  });
});

describe("logging and call records", () => {
  it("logs each call once as one JSON line and reports it once through onCall", async () => {
    const { gateway, records, callLines, lines } = setup([
      json(503, {}),
      json(201, prediction(), { "cf-aig-log-id": "01JLOGID", "cf-aig-cache-status": "MISS" }),
      json(200, prediction({ status: "processing" })),
    ]);
    // A 503 on create is not re-sent, so the first call fails after one attempt.
    await rejectionOf(gateway.generateImageViaReplicate(imageParams));
    await gateway.generateImageViaReplicate(imageParams);
    await gateway.getPrediction("gm3qorzdhgbfurvjtvhg6dckhu");

    expect(records.map((record) => [record.operation, record.ok, record.attempts])).toEqual([
      ["prediction.create", false, 1],
      ["prediction.create", true, 1],
      ["prediction.get", true, 1],
    ]);
    const logged = callLines();
    expect(logged).toHaveLength(3);
    expect(logged[1]).toMatchObject({
      level: "info",
      msg: "gateway.call",
      provider: "replicate",
      model: "flux-schnell",
      operation: "prediction.create",
      ok: true,
      status: 201,
      errorKind: null,
      attempts: 1,
      cacheStatus: "MISS",
      logId: "01JLOGID",
      taskId: "task_1",
    });
    expect(typeof logged[1]?.latencyMs).toBe("number");
    expect(typeof logged[1]?.time).toBe("string");
    expect(logged[0]).toMatchObject({ level: "warn", ok: false, status: 503, errorKind: "provider_down" });
    expect(logged[1]).not.toHaveProperty("request");
    expect(JSON.stringify(lines)).not.toContain(REPLICATE_TOKEN);
  });

  it("logs retries at debug level, one line per retry", async () => {
    const { gateway, lines } = setup([json(500, {}), json(500, {}), json(200, prediction())]);
    await gateway.getPrediction("gm3qorzdhgbfurvjtvhg6dckhu");
    const retries = lines.filter((line) => line.msg === "gateway.retry");
    expect(retries.map((line) => [line.level, line.attempt, line.delayMs])).toEqual([
      ["debug", 1, 250],
      ["debug", 2, 500],
    ]);
  });

  it("with debug, adds the request and response, redacted", async () => {
    const { gateway, callLines, lines } = setup([json(201, prediction(), { "set-cookie": "session=abc123" })], { debug: true });
    await gateway.generateImageViaReplicate({ ...imageParams, input_prompt: `use ${REPLICATE_TOKEN} please` });
    const [line] = callLines();
    const request = line?.request as { headers: Record<string, string>; body: { input: { prompt: string } } };
    expect(request.headers.authorization).toBe("[REDACTED]");
    expect(request.headers["cf-aig-authorization"]).toBe("[REDACTED]");
    expect(request.headers["cf-aig-skip-cache"]).toBe("true");
    expect(request.body.input.prompt).toBe("use [REDACTED] please");
    const response = line?.response as { status: number; headers: Record<string, string>; body: { id: string } };
    expect(response.status).toBe(201);
    expect(response.headers["set-cookie"]).toBe("[REDACTED]");
    expect(response.body.id).toBe("gm3qorzdhgbfurvjtvhg6dckhu");
    const everything = JSON.stringify(lines);
    expect(everything).not.toContain(REPLICATE_TOKEN);
    expect(everything).not.toContain(GATEWAY_TOKEN);
  });

  it("a throwing onCall does not break the call", async () => {
    const { gateway, lines } = setup([json(200, prediction())], {
      onCall: () => {
        throw new Error("database is down");
      },
    });
    const result = await gateway.getPrediction("gm3qorzdhgbfurvjtvhg6dckhu");
    expect(result.id).toBe("gm3qorzdhgbfurvjtvhg6dckhu");
    expect(lines.some((line) => line.msg === "gateway.on_call_failed" && line.error === "database is down")).toBe(true);
  });
});
