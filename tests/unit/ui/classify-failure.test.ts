import { describe, expect, it } from "vitest";
import { classifyFailure, type FailureKind } from "@/components/api-client/classify-failure";
import { en } from "@/lib/shared/i18n/en";

describe("classifyFailure", () => {
  const cases: [{ status?: number | null; code: string }, FailureKind][] = [
    [{ status: 429, code: "rate_limited" }, "rateLimited"],
    [{ status: 429, code: "queue_full" }, "rateLimited"],
    [{ status: 422, code: "safety_blocked" }, "safety"],
    [{ code: "safety_blocked" }, "safety"],
    [{ status: 422, code: "invalid_input" }, "invalidInput"],
    [{ status: 400, code: "bad_request" }, "invalidInput"],
    [{ status: 503, code: "provider_unavailable" }, "providerDown"],
    [{ status: 502, code: "provider_error" }, "providerDown"],
    [{ status: 504, code: "provider_timeout" }, "timeout"],
    [{ status: 401, code: "unauthorized" }, "session"],
    [{ status: 404, code: "not_found" }, "notFound"],
    [{ status: 409, code: "conflict" }, "conflict"],
    [{ status: null, code: "network_error" }, "network"],
    [{ code: "prediction_failed" }, "modelFailed"],
    [{ code: "output_missing" }, "outputLost"],
    [{ code: "submit_unconfirmed" }, "unconfirmed"],
    [{ code: "canceled" }, "canceled"],
    // Unknown codes fall back on the HTTP status.
    [{ status: 429, code: "http_429" }, "rateLimited"],
    [{ status: 503, code: "something_new" }, "providerDown"],
    [{ status: 504, code: "http_504" }, "timeout"],
    [{ status: 422, code: "weird" }, "invalidInput"],
    [{ status: 500, code: "internal" }, "unknown"],
    [{ code: "nsfw_content" }, "safety"],
  ];
  it.each(cases)("%o → %s", (failure, kind) => {
    expect(classifyFailure(failure)).toBe(kind);
  });

  it("has a title and advice for every kind", () => {
    for (const [, kind] of cases) {
      expect(en.errors[kind].title).not.toBe("");
      expect(en.errors[kind].advice).not.toBe("");
    }
  });
});
