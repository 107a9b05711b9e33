import { describe, expect, it } from "vitest";
import { isAllowedOutputUrl } from "../../lib/images/download-outputs";
import { outputKey } from "../../lib/images/r2-store";
import { parseProgress } from "../../lib/tasks/progress";

describe("output downloads are limited to the provider's delivery hosts", () => {
  const hosts = ["replicate.delivery", "127.0.0.1:8787"];
  it.each([
    ["https://replicate.delivery/xezq/abc/out-0.webp", true],
    ["https://pbxt.replicate.delivery/abc/out-0.png", true],
    ["http://127.0.0.1:8787/files/p1/out-0.png", true],
    ["http://replicate.delivery/abc/out-0.png", false],
    ["https://replicate.delivery.evil.com/out-0.png", false],
    ["https://evilreplicate.delivery/out-0.png", false],
    ["https://user:pass@replicate.delivery/out-0.png", false],
    ["http://127.0.0.1:9999/files/p1/out-0.png", false],
    ["http://169.254.169.254/latest/meta-data", false],
    ["file:///etc/passwd", false],
    ["not a url", false],
  ])("%s → %s", (url, allowed) => {
    expect(isAllowedOutputUrl(url, hosts)).toBe(allowed);
  });

  it("derives R2 keys from the task id, index and content type", () => {
    expect(outputKey("tsk_1", 0, "image/png")).toBe("tasks/tsk_1/0.png");
    expect(outputKey("tsk_1", 3, "image/jpeg")).toBe("tasks/tsk_1/3.jpg");
    expect(outputKey("tsk_1", 1, "image/webp")).toBe("tasks/tsk_1/1.webp");
  });
});

describe("progress from tqdm log lines", () => {
  it("reads the last percentage", () => {
    const logs = "Using seed: 1\n  0%|          | 0/28 [00:00<?, ?it/s]\n 46%|████▋     | 13/28 [00:01<00:01, 9.8it/s]\n";
    expect(parseProgress(logs)).toBe(46);
  });
  it("is null without a progress line, and ignores impossible values", () => {
    expect(parseProgress("Using seed: 1\nLoading weights")).toBeNull();
    expect(parseProgress(null)).toBeNull();
    expect(parseProgress(" 30%|███ | 3/10\n250%| bogus")).toBe(30);
  });
});
