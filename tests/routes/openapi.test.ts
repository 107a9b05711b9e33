import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { buildOpenApiDocument } from "@/lib/http/openapi";
import { generateBodySchema } from "@/lib/shared/api/generate";
import { MODEL_KEYS } from "@/lib/shared/models/catalogue";
import { TASK_STATUSES } from "@/lib/shared/task-status";
import { startTestApp, type TestApp } from "../helpers/app-server";
import { waitFor } from "../helpers/http-client";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const API_DIR = join(ROOT, "app", "api");
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

interface Operation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema?: { $ref?: string } }> };
  responses: Record<string, { $ref?: string; content?: Record<string, { schema?: { $ref?: string } }> }>;
}
interface Document {
  openapi: string;
  info: { title: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; responses: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

const doc = buildOpenApiDocument() as unknown as Document;

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(path);
    return entry.name === "route.ts" ? [path] : [];
  });
}

/** `app/api/tasks/[id]/cancel/route.ts` → `/api/tasks/{id}/cancel`. */
function apiPathOf(file: string): string {
  const folders = relative(join(ROOT, "app"), file).split(sep).slice(0, -1);
  return `/${folders.map((folder) => folder.replace(/^\[(.+)\]$/, "{$1}")).join("/")}`;
}

/** `GET /api/…` for every HTTP method every route file on disk exports. */
async function routesOnDisk(): Promise<string[]> {
  const routes: string[] = [];
  for (const file of routeFiles(API_DIR)) {
    const exports = Object.keys(await import(file));
    for (const method of exports.filter((name) => HTTP_METHODS.includes(name))) routes.push(`${method} ${apiPathOf(file)}`);
  }
  return routes.sort();
}

const routesInDocument = () =>
  Object.entries(doc.paths)
    .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();

/**
 * A validator for one component of the document, read from its JSON alone: zod's JSON Schema reader
 * (`z.fromJSONSchema`, draft 2020-12) with the components as `$defs`, so refs between them resolve. (ajv is only a
 * transitive dependency here, which knip refuses; zod is the app's own.)
 */
function validatorFor(component: string): (value: unknown) => { valid: boolean; issues: string } {
  const defs = JSON.parse(JSON.stringify(doc.components.schemas).replaceAll('"#/components/schemas/', '"#/$defs/'));
  expect(defs[component], `component ${component}`).toBeDefined();
  const schema = z.fromJSONSchema({ $schema: "https://json-schema.org/draft/2020-12/schema", $defs: defs, $ref: `#/$defs/${component}` });
  return (value) => {
    const result = schema.safeParse(value);
    return { valid: result.success, issues: result.success ? "" : JSON.stringify(result.error.issues) };
  };
}

describe("the OpenAPI document names exactly the routes on disk", () => {
  it("lists every exported method of every app/api/**/route.ts, and nothing else", async () => {
    const onDisk = await routesOnDisk();
    expect(onDisk).toContain("GET /api/openapi.json");
    expect(onDisk).toContain("GET /api/tasks/{id}/events");
    expect(onDisk).toContain("DELETE /api/admin/session");
    expect(routesInDocument()).toEqual(onDisk);
  });

  it("declares each path parameter, and only those", () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
      for (const [method, operation] of Object.entries(item)) {
        const declared = (operation.parameters ?? []).filter((parameter) => parameter.in === "path").map((parameter) => parameter.name);
        expect(declared.sort(), `${method} ${path}`).toEqual(inPath);
      }
    }
  });

  it("resolves every $ref it holds", () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/([^"]+)"/g)].map((match) => match[1]!);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of new Set(refs)) {
      const target = ref.split("/").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
      expect(target, ref).toBeDefined();
    }
  });

  it("documents the three kinds of proof and the error body", () => {
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(["adminBearer", "adminCookie", "sessionCookie", "webhookSignature"]);
    expect(doc.paths["/api/admin/stats"]?.get).toMatchObject({ security: [{ adminBearer: [] }, { adminCookie: [] }] });
    expect(doc.paths["/api/generate"]?.post).toMatchObject({ security: [{ sessionCookie: [] }] });
    expect(doc.paths["/api/webhooks/replicate"]?.post).toMatchObject({ security: [{ webhookSignature: [] }] });
    expect(doc.paths["/api/generate"]?.post?.responses["429"]).toEqual({ $ref: "#/components/responses/Error429" });
    const errorBody = validatorFor("ErrorBody");
    expect(errorBody({ error: { code: "queue_full", message: "Wait." } }).valid).toBe(true);
    expect(errorBody({ error: { code: "no_such_code", message: "Wait." } }).valid).toBe(false);
    expect(errorBody({ message: "Wait." }).valid).toBe(false);
  });
});

describe("the document's POST /api/generate body agrees with the route's schema", () => {
  const generateRequest = () => {
    const ref = doc.paths["/api/generate"]?.post?.requestBody?.content["application/json"]?.schema?.$ref;
    expect(ref).toBe("#/components/schemas/GenerateRequest");
    return validatorFor("GenerateRequest");
  };
  const image = `upl_${"0".repeat(32)}`;
  const cases: { name: string; body: Record<string, unknown>; valid: boolean }[] = [
    { name: "a schnell prompt", body: { model: "flux-schnell", prompt: "x" }, valid: true },
    { name: "a schnell prompt with its knobs", body: { model: "flux-schnell", prompt: "x", num_outputs: 4, go_fast: false, seed: 7 }, valid: true },
    { name: "a Kontext edit with its image", body: { model: "flux-kontext-pro", prompt: "x", input_image: image }, valid: true },
    { name: "a Kontext edit without an image", body: { model: "flux-kontext-pro", prompt: "x" }, valid: false },
    { name: "an image for a model that edits none", body: { model: "flux-schnell", prompt: "x", input_image: image }, valid: false },
    { name: "an unknown model", body: { model: "flux-nope", prompt: "x" }, valid: false },
    { name: "an unknown field", body: { model: "flux-schnell", prompt: "x", disable_safety_checker: true }, valid: false },
    { name: "an empty prompt", body: { model: "flux-schnell", prompt: "" }, valid: false },
    { name: "too many outputs", body: { model: "flux-schnell", prompt: "x", num_outputs: 5 }, valid: false },
    {
      name: "a Kontext safety tolerance over 2",
      body: { model: "flux-kontext-pro", prompt: "x", input_image: image, safety_tolerance: 3 },
      valid: false,
    },
  ];

  it("is one strict object per model, each with its required fields", () => {
    const { oneOf } = doc.components.schemas.GenerateRequest as {
      oneOf: { properties: Record<string, { const?: string; enum?: string[] }>; required: string[]; additionalProperties: boolean }[];
    };
    expect(oneOf.map((branch) => branch.properties.model?.const).sort()).toEqual([...MODEL_KEYS].sort());
    for (const branch of oneOf) {
      expect(branch.additionalProperties).toBe(false);
      const editsAnImage = branch.properties.model?.const === "flux-kontext-pro";
      expect([...branch.required].sort()).toEqual(editsAnImage ? ["input_image", "model", "prompt"] : ["model", "prompt"]);
      expect(branch.properties.locale?.enum).toEqual(["en", "zh"]);
    }
    const taskView = doc.components.schemas.TaskView as { properties: { status: { enum: string[] } }; required: string[] };
    expect(taskView.properties.status.enum).toEqual([...TASK_STATUSES]);
    expect(taskView.required).toContain("cancel_requested");
  });

  it.each(cases)("$name: valid=$valid by the document and by the route", ({ body, valid }) => {
    expect(generateRequest()(body).valid).toBe(valid);
    expect(generateBodySchema.safeParse(body).success).toBe(valid);
  });
});

describe("GET /api/openapi.json over HTTP", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("serves the OpenAPI 3.1 document", async () => {
    const response = await app.browser().get<Document>("/api/openapi.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(response.body.openapi).toBe("3.1.0");
    expect(response.body.info.title).toBe("Image studio API");
    expect(Object.keys(response.body.paths)).toContain("/api/generate");
    expect(response.body).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it("describes the answers real requests get", async () => {
    const browser = app.browser();
    const check = (component: string, body: unknown) => {
      const { valid, issues } = validatorFor(component)(body);
      expect(valid, `${component}: ${issues}`).toBe(true);
    };

    check("Ok", (await browser.get("/api/health")).body);
    const me = await browser.get("/api/me");
    expect(me.status).toBe(200);
    check("MeView", me.body);

    const created = await browser.post("/api/generate", { model: "flux-schnell", prompt: "a lighthouse at dawn" });
    expect(created.status).toBe(201);
    check("TaskEnvelope", created.body);
    const id: string = created.body.task.id;
    const done = await waitFor(
      async () => {
        const { body } = await browser.get(`/api/tasks/${id}`);
        return body.task?.status === "succeeded" ? body : undefined;
      },
      { what: `task ${id} to succeed` },
    );
    expect(done.task.images.length).toBe(1);
    check("TaskEnvelope", done);
    const page = await browser.get("/api/tasks?limit=5");
    expect(page.status).toBe(200);
    expect(page.body.tasks.length).toBeGreaterThan(0);
    check("TaskPage", page.body);

    const searched = await browser.get("/api/tasks?q=lighthouse");
    expect(searched.body.tasks[0].match.ranges).toEqual([[2, 12]]);
    check("TaskPage", searched.body);
    const starred = await browser.post(`/api/tasks/${id}/star`);
    expect(starred.body.task.starred).toBe(true);
    check("TaskEnvelope", starred.body);
    const run = await browser.post("/api/runs", { models: ["flux-schnell", "flux-dev"], prompt: "a windmill" });
    expect(run.status).toBe(201);
    check("RunEnvelope", run.body);
    check("RunEnvelope", (await browser.get(`/api/runs/${run.body.run.id}`)).body);

    const refused = await browser.post("/api/generate", { model: "flux-kontext-pro", prompt: "x" });
    expect(refused.status).toBe(422);
    check("ErrorBody", refused.body);
    expect(Object.keys(doc.paths["/api/generate"]?.post?.responses ?? {})).toContain("422");

    // A task view the server could never send is refused, so the checks above can fail.
    expect(validatorFor("TaskEnvelope")({ task: { ...done.task, status: "exploded" } }).valid).toBe(false);
    expect(validatorFor("TaskEnvelope")({ task: { ...done.task, seed: "7" } }).valid).toBe(false);
  });
});
