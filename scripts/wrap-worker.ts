/**
 * Runs after `next-on-pages` (part of `npm run build`): puts a small entry in front of the worker it built.
 *
 * Why: under next-on-pages a page's RSC payload (what a client-side navigation fetches, `RSC: 1`) is answered
 * without passing through the middleware, and next.config headers do not reach it either, so it carried no
 * Cache-Control: the owner's payload of a private task could be kept by a shared cache. The entry gives such an
 * answer the same Cache-Control as the page's HTML (lib/shared/page-cache-control.ts, compiled here on its own).
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

const workerDir = ".vercel/output/static/_worker.js";
const entry = join(workerDir, "index.js");
const built = join(workerDir, "next-on-pages.js");
const ENTRY_MARK = "// flux-studio worker entry";

if (readFileSync(entry, "utf8").startsWith(ENTRY_MARK)) {
  console.log("wrap-worker: the worker already has its entry");
  process.exit(0);
}

const rule = ts.transpileModule(readFileSync("lib/shared/page-cache-control.ts", "utf8"), {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
}).outputText;
renameSync(entry, built);
writeFileSync(join(workerDir, "page-cache-control.js"), rule);
writeFileSync(
  entry,
  `${ENTRY_MARK}: see scripts/wrap-worker.ts.
import nextOnPages from "./next-on-pages.js";
import { pageCacheControl } from "./page-cache-control.js";

export default {
  async fetch(request, env, ctx) {
    const response = await nextOnPages.fetch(request, env, ctx);
    if (request.headers.get("rsc") !== "1" || response.headers.has("cache-control") || response.webSocket) return response;
    const answer = new Response(response.body, response);
    answer.headers.set("cache-control", pageCacheControl(new URL(request.url).pathname, request.headers.get("cookie")));
    return answer;
  },
};
`,
);
console.log("wrap-worker: RSC payloads get the pages' Cache-Control");
