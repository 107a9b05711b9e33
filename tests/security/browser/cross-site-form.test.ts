import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useBrowserSession } from "../../e2e/browser-session";

// Issue 9, medium finding: a page on another site auto-submitted a text/plain form to /api/tasks/x/cancel; the
// SameSite cookie was not sent, the app minted a new session on that POST, Chromium stored it, and the victim's
// history and private images were gone. Here a real Chromium visits the studio, then an attacker's pages.

const session = useBrowserSession();
let attacker: Server;
let attackerPort = 0;

/** An HTML page that auto-submits a text/plain form (JSON-looking body) to `target`, as the attack did. */
function attackPage(target: string): string {
  return `<!doctype html><html><body>
<form id="f" method="POST" action="${target}" enctype="text/plain">
<input name='{"model":"flux-schnell","prompt":"x","pad":"' value='"}'>
</form><script>document.getElementById("f").submit()</script></body></html>`;
}

beforeAll(async () => {
  attacker = createServer((request, response) => {
    const target = new URL(request.url ?? "/", "http://attacker.invalid").searchParams.get("target") ?? "";
    response.writeHead(200, { "content-type": "text/html" }).end(attackPage(target));
  });
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  attackerPort = (attacker.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => attacker?.close(resolve));
});

describe("a cross-site form leaves the victim's session and tasks as they were", () => {
  it("cross-site (no cookie sent) and same-site cross-origin (cookie sent) alike", async () => {
    const { page, context } = await session.visit("/en");
    const appOrigin = new URL(page.url()).origin;
    // The studio starts the session as it loads; a second first call racing it would mint another one.
    await expect.poll(async () => (await context.cookies(appOrigin)).some((cookie) => cookie.name === "sid"), { timeout: 15_000 }).toBe(true);
    // The victim makes a task through the studio's own API calls (session first, as the studio does).
    const created = await page.evaluate(async () => {
      await fetch("/api/me");
      const response = await fetch("/api/generate", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "flux-schnell", prompt: "the victim's lighthouse", is_private: true }),
      });
      return (await response.json()) as { task: { id: string } };
    });
    const taskId = created.task.id;
    const sidBefore = (await context.cookies(appOrigin)).find((cookie) => cookie.name === "sid")?.value;
    expect(sidBefore).toBeTruthy();
    const tasksBefore = await page.evaluate(async () => (await (await fetch("/api/tasks")).json()) as { tasks: { id: string }[] });
    expect(tasksBefore.tasks.map((task) => task.id)).toContain(taskId);

    const targets = [`${appOrigin}/api/tasks/${taskId}/cancel`, `${appOrigin}/api/generate`];
    // localhost is another site than 127.0.0.1 (SameSite=Lax keeps the cookie home); another port is the same
    // site but another origin (the cookie goes along; Origin gives it away).
    const attackerOrigins = [`http://localhost:${attackerPort}`, `http://127.0.0.1:${attackerPort}`];
    for (const origin of attackerOrigins) {
      for (const target of targets) {
        const evil = await context.newPage();
        const answer = evil.waitForResponse((response) => response.url() === target);
        await evil.goto(`${origin}/?target=${encodeURIComponent(target)}`);
        const response = await answer;
        expect(response.status(), `${origin} → ${target}`).toBeGreaterThanOrEqual(400);
        expect(response.headers()["set-cookie"], `${origin} → ${target}`).toBeUndefined();
        await evil.close();
      }
    }

    const sidAfter = (await context.cookies(appOrigin)).find((cookie) => cookie.name === "sid")?.value;
    expect(sidAfter).toBe(sidBefore);
    const tasksAfter = await page.evaluate(async () => (await (await fetch("/api/tasks")).json()) as { tasks: { id: string; status: string }[] });
    expect(tasksAfter.tasks.map((task) => task.id)).toEqual(tasksBefore.tasks.map((task) => task.id));
    expect(tasksAfter.tasks.find((task) => task.id === taskId)?.status).not.toBe("canceled");
  });
});
