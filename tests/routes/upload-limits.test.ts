import sharp from "sharp";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as stats from "../../app/api/admin/stats/route";
import * as uploads from "../../app/api/uploads/route";
import { insertTask } from "../../db/queries/tasks";
import type { AdminStats } from "../../lib/shared/admin-stats";
import { DAY_MS, utcDayOf } from "../../lib/shared/time";
import { newTask } from "../db/task-fixture";
import { registerRoute, startTestApp, TEST_SECRETS, type TestApp } from "../helpers/app-server";
import type { TestBrowser } from "../helpers/http-client";

// Audit finding: one cookie on one address stored 60 × 1 MiB in 1.3 s and 20 × 10 MiB in 3.2 s, never refused; a
// 33-byte PNG header claiming 4096×4096 was accepted; a 202-byte image followed by 10 MB of filler was stored as is;
// nothing ever deleted an upload.

type Handler = Parameters<typeof registerRoute>[2];
registerRoute("POST", /^\/api\/uploads$/, uploads.POST as Handler);
registerRoute("GET", /^\/api\/admin\/stats$/, stats.GET as Handler);

let app: TestApp;
const admin = { authorization: `Bearer ${TEST_SECRETS.adminToken}` };
/** Every limit off: each test turns on the one it is about. */
const NO_LIMITS = {
  UPLOAD_RATE_LIMIT_PER_MINUTE: "0",
  CLIENT_UPLOAD_RATE_LIMIT_PER_MINUTE: "0",
  UPLOAD_USER_BYTES_PER_DAY: "0",
  UPLOAD_CLIENT_BYTES_PER_DAY: "0",
};

beforeAll(async () => {
  app = await startTestApp();
});
afterEach(() => {
  app.setVars({});
});
afterAll(async () => {
  await app?.close();
});

const photo = (width: number, height: number) =>
  sharp(Buffer.from([200, 30, 40, 20, 180, 60, 30, 40, 220, 240, 200, 10]), { raw: { width: 2, height: 2, channels: 3 } }).resize(width, height, {
    fit: "fill",
  });
const pngBytes = async (width = 32, height = 24) => new Uint8Array(await photo(width, height).png().toBuffer());

async function upload(browser: TestBrowser, bytes: Uint8Array, contentType = "image/png") {
  if (!browser.hasSession()) await browser.get("/api/me");
  return browser.request("POST", "/api/uploads", { body: new Uint8Array(bytes), headers: { "content-type": contentType } });
}

const storedObjects = async () => (await app.storage.r2.list({ prefix: "uploads/", limit: 1000 })).objects.length;
const storedRows = async () => (await app.storage.d1.prepare("SELECT count(*) AS n FROM uploads").first<{ n: number }>())!.n;
const userOf = async (uploadId: string) =>
  (await app.storage.d1.prepare("SELECT user_id FROM uploads WHERE id = ?").bind(uploadId).first<{ user_id: string }>())!.user_id;
const counter = async (key: string) =>
  (await app.storage.d1.prepare("SELECT count FROM rate_limits WHERE key = ?").bind(key).first<{ count: number }>())?.count ?? 0;

function expectRefused(response: { status: number; headers: Headers; body: any }, message: RegExp) {
  expect(response.status, JSON.stringify(response.body)).toBe(429);
  expect(response.body.error.code).toBe("rate_limited");
  expect(response.body.error.message).toMatch(message);
  const retryAfter = Number(response.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  return retryAfter;
}

describe("uploads per minute", () => {
  it("per user: over UPLOAD_RATE_LIMIT_PER_MINUTE is a 429 with Retry-After that stores nothing; another user is unaffected", async () => {
    app.setVars({ ...NO_LIMITS, UPLOAD_RATE_LIMIT_PER_MINUTE: "2" });
    const bytes = await pngBytes();
    const flooder = app.browser();
    for (let i = 0; i < 2; i++) expect((await upload(flooder, bytes)).status).toBe(201);
    const [objects, rows] = [await storedObjects(), await storedRows()];
    const refused = await upload(flooder, bytes);
    expect(expectRefused(refused, /Too many uploads \(at most 2 a minute\)/)).toBeLessThanOrEqual(60);
    expect(await storedObjects()).toBe(objects);
    expect(await storedRows()).toBe(rows);
    // Another user on the same address has a limit of their own (the per-address one is off here).
    expect((await upload(app.browser({ address: flooder.address }), bytes)).status).toBe(201);
  });

  it("per client address: over CLIENT_UPLOAD_RATE_LIMIT_PER_MINUTE, new cookies on the same address are refused too; another address is not", async () => {
    app.setVars({ ...NO_LIMITS, UPLOAD_RATE_LIMIT_PER_MINUTE: "10", CLIENT_UPLOAD_RATE_LIMIT_PER_MINUTE: "3" });
    const bytes = await pngBytes();
    const address = "198.51.100.23";
    const [first, second, third] = [app.browser({ address }), app.browser({ address }), app.browser({ address })];
    expect((await upload(first, bytes)).status).toBe(201);
    expect((await upload(first, bytes)).status).toBe(201);
    expect((await upload(second, bytes)).status).toBe(201);
    const objects = await storedObjects();
    expectRefused(await upload(third, bytes), /Too many uploads from your network/);
    expectRefused(await upload(first, bytes), /from your network/);
    expect(await storedObjects()).toBe(objects);
    expect((await upload(app.browser({ address: "198.51.100.24" }), bytes)).status).toBe(201);
  });
});

describe("bytes per UTC day", () => {
  it("concurrent uploads never overshoot the user's quota; the refused ones store and count nothing", async () => {
    const bytes = await pngBytes(200, 150);
    app.setVars({ ...NO_LIMITS, UPLOAD_USER_BYTES_PER_DAY: String(3 * bytes.length + Math.floor(bytes.length / 2)) });
    const browser = app.browser();
    await browser.get("/api/me");
    const [objects, rows] = [await storedObjects(), await storedRows()];
    const responses = await Promise.all(Array.from({ length: 8 }, () => upload(browser, bytes)));
    const accepted = responses.filter((response) => response.status === 201);
    expect(accepted).toHaveLength(3);
    const refused = responses.filter((response) => response.status !== 201);
    expect(refused).toHaveLength(5);
    for (const response of refused) {
      const retryAfter = expectRefused(
        response,
        /^Today's upload quota of [\d.]+ (MB|kB) has [\d.]+ kB left, less than this upload .*; it resets in /,
      );
      expect(retryAfter).toBeLessThanOrEqual(DAY_MS / 1000);
    }
    expect(await storedObjects()).toBe(objects + 3);
    expect(await storedRows()).toBe(rows + 3);
    const userId = await userOf(accepted[0]!.body.upload.id);
    const day = utcDayOf(Date.now());
    expect(await counter(`upload-bytes:${day}:user:${userId}`)).toBe(3 * bytes.length);
    const stored = await app.storage.d1.prepare("SELECT count(*) AS n FROM uploads WHERE user_id = ?").bind(userId).first<{ n: number }>();
    expect(stored!.n).toBe(3);
  });

  it("the client address's quota holds across cookies, names the network, and leaves another address alone", async () => {
    const bytes = await pngBytes(120, 90);
    app.setVars({ ...NO_LIMITS, UPLOAD_CLIENT_BYTES_PER_DAY: String(2 * bytes.length) });
    const address = "198.51.100.31";
    const browsers = Array.from({ length: 4 }, () => app.browser({ address }));
    for (const browser of browsers) await browser.get("/api/me");
    const objects = await storedObjects();
    const responses = await Promise.all(browsers.map((browser) => upload(browser, bytes)));
    expect(responses.filter((response) => response.status === 201)).toHaveLength(2);
    for (const response of responses.filter((r) => r.status !== 201)) {
      expectRefused(response, /^Today's upload quota for your network of [\d.]+ kB is used up; it resets in /);
    }
    expect(await storedObjects()).toBe(objects + 2);
    expect((await upload(app.browser({ address: "198.51.100.32" }), bytes)).status).toBe(201);
  });
});

describe("only whole images are stored", () => {
  const iend = Uint8Array.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
  /** The audit's 33 bytes: the PNG signature and an IHDR claiming 4096×4096, nothing else. */
  const headerOnly = Buffer.from("89504e470d0a1a0a0000000d4948445200001000000010000806000000f2a32417", "hex");

  it.each([
    ["the 33-byte PNG header claiming 4096×4096", async () => headerOnly, "image/png", /not a whole PNG image: it is truncated/],
    [
      "a PNG header with an IEND and no image data",
      async () => Buffer.concat([headerOnly, iend]),
      "image/png",
      /not a whole PNG image: it has no image data/,
    ],
    [
      "a small PNG followed by 10 MB of filler",
      async () => Buffer.concat([await pngBytes(8, 8), Buffer.alloc(10_000_000, 0x41)]),
      "image/png",
      /10,000,000 bytes follow its IEND chunk/,
    ],
    [
      "a JPEG cut short",
      async () => (await photo(200, 100).jpeg().toBuffer()).subarray(0, 900),
      "image/jpeg",
      /not a whole JPEG image: .*(truncated|EOI)/,
    ],
    [
      "a JPEG followed by filler",
      async () => Buffer.concat([await photo(20, 10).jpeg().toBuffer(), Buffer.alloc(5000, 0x41)]),
      "image/jpeg",
      /5,000 bytes follow its EOI marker/,
    ],
    [
      "a WebP cut short",
      async () => (await photo(200, 100).webp().toBuffer()).subarray(0, 300),
      "image/webp",
      /not a whole WebP image: it is truncated/,
    ],
  ] as const)("refuses %s with a 422 naming the problem, storing and counting nothing", async (_name, make, contentType, message) => {
    app.setVars({ ...NO_LIMITS, UPLOAD_USER_BYTES_PER_DAY: String(50 * 1024 * 1024) });
    const browser = app.browser();
    const [objects, rows] = [await storedObjects(), await storedRows()];
    const response = await upload(browser, new Uint8Array(await make()), contentType);
    expect(response.status, response.text).toBe(422);
    expect(response.body.error.code).toBe("invalid_input");
    expect(response.body.error.message).toMatch(message);
    expect(await storedObjects()).toBe(objects);
    expect(await storedRows()).toBe(rows);
    // Nothing was counted: had the refused upload counted its bytes, the user's counter of the day would exist
    // already and the accepted upload would add no row.
    const counted = await app.storage.d1
      .prepare("SELECT count(*) AS n FROM rate_limits WHERE key LIKE ?")
      .bind(`upload-bytes:${utcDayOf(Date.now())}:user:%`)
      .first<{ n: number }>();
    const accepted = await upload(browser, await pngBytes());
    expect(accepted.status).toBe(201);
    const after = await app.storage.d1
      .prepare("SELECT count(*) AS n FROM rate_limits WHERE key LIKE ?")
      .bind(`upload-bytes:${utcDayOf(Date.now())}:user:%`)
      .first<{ n: number }>();
    expect(after!.n).toBe(counted!.n + 1);
  });

  it.each([
    ["PNG", () => photo(300, 200).png(), "image/png"],
    ["JPEG", () => photo(300, 200).jpeg({ quality: 85 }), "image/jpeg"],
    ["progressive JPEG", () => photo(301, 199).jpeg({ progressive: true }), "image/jpeg"],
    ["WebP", () => photo(300, 200).webp(), "image/webp"],
    ["lossless WebP with alpha", () => photo(64, 48).ensureAlpha(0.5).webp({ lossless: true }), "image/webp"],
  ] as const)("stores a %s from a real encoder with its size", async (_name, make, contentType) => {
    const bytes = new Uint8Array(await make().toBuffer());
    const { width, height } = await sharp(bytes).metadata();
    const response = await upload(app.browser(), bytes, contentType);
    expect(response.status, response.text).toBe(201);
    expect(response.body.upload).toMatchObject({ width, height, content_type: contentType, bytes: bytes.length });
  });
});

describe("uploads no task names expire", () => {
  const OWNER = "user-expiry";

  async function seedUpload(id: string, createdAt: number, owner = OWNER) {
    const key = `uploads/${id}.png`;
    await app.storage.r2.put(key, await pngBytes(4, 4));
    await app.storage.d1
      .prepare(
        "INSERT INTO uploads (id, user_id, r2_key, content_type, width, height, bytes, created_at) VALUES (?, ?, ?, 'image/png', 4, 4, 100, ?)",
      )
      .bind(id, owner, key, createdAt)
      .run();
    return key;
  }

  const rowExists = async (id: string) => (await app.storage.d1.prepare("SELECT 1 AS one FROM uploads WHERE id = ?").bind(id).first()) !== null;
  const objectExists = async (key: string) => (await app.storage.r2.head(key)) !== null;
  const reconcile = async () => {
    const response = await app.browser().request("POST", "/api/admin/reconcile", { headers: admin });
    expect(response.status, response.text).toBe(200);
    return response.body as { pruned: number };
  };

  it("deletes the R2 object and the row of an old upload no task names; keeps those named in input_image, mask or input_images, and recent ones", async () => {
    const now = Date.now();
    const old = now - 8 * DAY_MS;
    const keys = {
      unused: await seedUpload("upl_expiry_unused", old),
      edited: await seedUpload("upl_expiry_edited", old),
      referenced: await seedUpload("upl_expiry_referenced", old),
      mask: await seedUpload("upl_expiry_mask", old),
      recent: await seedUpload("upl_expiry_recent", now - 6 * DAY_MS),
    };
    const ended = { status: "failed", errorCode: "prediction_failed", createdAt: old + 1000, updatedAt: old + 2000 } as const;
    await insertTask(app.storage.db, { task: newTask({ ...ended, userId: OWNER, modelKey: "flux-kontext-pro", inputImage: "upl_expiry_edited" }) });
    await insertTask(app.storage.db, {
      task: newTask({ ...ended, userId: OWNER, inputImages: ["task:task-x/0", "upl_expiry_referenced"] }),
    });

    // A fill's mask is an upload too: the task needs it as long as the image it repainted.
    await insertTask(app.storage.db, {
      task: newTask({ ...ended, userId: OWNER, modelKey: "flux-fill-pro", inputImage: "task:task-x/0", mask: "upl_expiry_mask" }),
    });

    const report = await reconcile();
    expect(report.pruned).toBeGreaterThanOrEqual(1);
    expect(await rowExists("upl_expiry_unused")).toBe(false);
    expect(await objectExists(keys.unused)).toBe(false);
    for (const id of ["edited", "referenced", "mask", "recent"] as const) {
      expect(await rowExists(`upl_expiry_${id}`), id).toBe(true);
      expect(await objectExists(keys[id]), id).toBe(true);
    }
  });

  it("follows UPLOAD_EXPIRE_AFTER_DAYS", async () => {
    const key = await seedUpload("upl_expiry_two_days", Date.now() - 2 * DAY_MS - 60_000);
    await reconcile();
    expect(await rowExists("upl_expiry_two_days")).toBe(true);
    app.setVars({ UPLOAD_EXPIRE_AFTER_DAYS: "2" });
    await reconcile();
    expect(await rowExists("upl_expiry_two_days")).toBe(false);
    expect(await objectExists(key)).toBe(false);
  });

  it("deletes at most 1000 a call, so one scheduled call stays short", async () => {
    const old = Date.now() - 30 * DAY_MS;
    const statement = app.storage.d1.prepare(
      "INSERT INTO uploads (id, user_id, r2_key, content_type, width, height, bytes, created_at) VALUES (?, 'user-many', ?, 'image/png', 4, 4, 100, ?)",
    );
    await app.storage.d1.batch(Array.from({ length: 1003 }, (_, i) => statement.bind(`upl_many_${i}`, `uploads/upl_many_${i}.png`, old)));
    const many = async () =>
      (await app.storage.d1.prepare("SELECT count(*) AS n FROM uploads WHERE user_id = 'user-many'").first<{ n: number }>())!.n;
    const first = await reconcile();
    expect(first.pruned).toBeGreaterThanOrEqual(1000);
    expect(await many()).toBe(3);
    await reconcile();
    expect(await many()).toBe(0);
  });
});

describe("the dashboard shows the bytes uploaded per day", () => {
  const getStats = async (window: string) => {
    const response = await app.browser().get<AdminStats>(`/api/admin/stats?window=${window}`, admin);
    expect(response.status).toBe(200);
    return response.body;
  };
  const todayOf = (figures: AdminStats) => figures.spend.uploads.days.find((row) => row.day === utcDayOf(Date.now()))?.bytes ?? 0;

  it("GET /api/admin/stats counts the day's stored bytes (refused uploads not) and shows the quotas", async () => {
    app.setVars({ ...NO_LIMITS, UPLOAD_USER_BYTES_PER_DAY: "1048576" });
    const before = todayOf(await getStats("24h"));
    const bytes = await pngBytes(64, 64);
    const browser = app.browser();
    expect((await upload(browser, bytes)).status).toBe(201);
    expect((await upload(browser, Buffer.concat([bytes, Buffer.alloc(10)]))).status).toBe(422);
    const figures = await getStats("24h");
    expect(todayOf(figures)).toBe(before + bytes.length);
    expect(figures.spend.uploads.quota_bytes).toEqual({ user: 1048576, client: null });
  });

  it("keeps the daily totals through the reconcile pass for the dashboard's longest window, while the per-user counters of past days go", async () => {
    const tenDaysAgo = Date.now() - 10 * DAY_MS;
    const day = utcDayOf(tenDaysAgo);
    const dayStart = Math.floor(tenDaysAgo / DAY_MS) * DAY_MS;
    const insert = app.storage.d1.prepare("INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, ?)");
    await app.storage.d1.batch([
      insert.bind(`upload-total:${day}`, dayStart, 7_340_032),
      insert.bind(`upload-bytes:${day}:user:user-old`, dayStart, 7_340_032),
    ]);
    await app.browser().request("POST", "/api/admin/reconcile", { headers: admin });
    expect(await counter(`upload-bytes:${day}:user:user-old`)).toBe(0);
    const month = await getStats("30d");
    expect(month.spend.uploads.days).toContainEqual({ day, bytes: 7_340_032 });
    expect((await getStats("7d")).spend.uploads.days.map((row) => row.day)).not.toContain(day);
  });
});
