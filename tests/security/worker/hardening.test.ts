import { request as httpRequest } from "node:http";
import { describe, expect, inject, it } from "vitest";
import { TestBrowser, waitFor } from "../../helpers/http-client";

// Issue 9, against the built worker under `wrangler pages dev`: the RSC action probe, page headers and image
// headers (bodies refused before they are read: body-limits.test.ts).

const workerUrl = inject("workerUrl");

/**
 * A POST on a connection of its own, closed after the answer: the worker refuses this one without reading its
 * body and then closes the connection, so a pooled connection would fail the next test's first request.
 */
function postOnOwnConnection(
  path: string,
  headers: Record<string, string>,
  body: Buffer,
): Promise<{ status: number; contentType: string; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(new URL(path, workerUrl), { method: "POST", headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          contentType: String(response.headers["content-type"] ?? ""),
          text: Buffer.concat(chunks).toString("utf8"),
        }),
      );
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(body);
  });
}

describe("the React Server Components action probe", () => {
  it("POST /en with Next-Action and a crafted multipart body is not decoded", async () => {
    const form = new FormData();
    form.append("0", '["$1:aa:aa"]');
    form.append("1", "{}");
    const encoded = new Response(form);
    const body = Buffer.from(await encoded.arrayBuffer());
    const response = await postOnOwnConnection(
      "/en",
      { "next-action": "x", "content-type": encoded.headers.get("content-type")!, "content-length": String(body.length) },
      body,
    );
    expect(response.status).toBeLessThan(500);
    expect(response.contentType).not.toContain("text/x-component");
    expect(response.text).not.toContain('E{"digest"');
  });
});

describe("page headers", () => {
  it("every page carries a nonce CSP without unsafe-eval, frame-ancestors 'none', nosniff, a Referrer-Policy and a Permissions-Policy", async () => {
    const nonces = new Set<string>();
    for (const path of ["/en", "/zh", "/en/gallery", "/en/admin"]) {
      const response = await fetch(`${workerUrl}${path}`);
      expect(response.status, path).toBe(200);
      const csp = response.headers.get("content-security-policy") ?? "";
      const nonce = /script-src 'self' 'nonce-([A-Za-z0-9_-]{16,})' 'strict-dynamic'/.exec(csp)?.[1];
      expect(nonce, `${path}: ${csp}`).toBeTruthy();
      nonces.add(nonce!);
      expect(csp).not.toContain("unsafe-eval");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("connect-src 'self'");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(response.headers.get("permissions-policy")).toMatch(/camera=\(\)/);
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      // Every inline script Next wrote carries this response's nonce.
      const html = await response.text();
      const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((match) => match[1] ?? "");
      expect(inline.length, path).toBeGreaterThan(0);
      for (const attributes of inline) expect(attributes, path).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size).toBe(4);
  });

  it("/api/me is no-store and nosniff", async () => {
    const response = await fetch(`${workerUrl}/api/me`);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("image responses on the worker", () => {
  it("a cookieless GET of a public image sets no cookie and is sandboxed", async () => {
    const owner = new TestBrowser(workerUrl);
    const created = await owner.post("/api/generate", { model: "flux-schnell", prompt: "a public tile for the header check" });
    expect(created.status).toBe(201);
    const id = created.body.task.id as string;
    const task = await waitFor(
      async () => {
        const view = (await owner.get(`/api/tasks/${id}`)).body.task;
        return view.status === "succeeded" ? view : undefined;
      },
      { timeoutMs: 30_000 },
    );
    const image = await fetch(`${workerUrl}${task.images[0].url}`);
    expect(image.status).toBe(200);
    expect(image.headers.get("set-cookie")).toBeNull();
    expect(image.headers.get("x-content-type-options")).toBe("nosniff");
    expect(image.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
  });
});
