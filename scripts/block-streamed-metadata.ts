/**
 * Runs after `next-on-pages` (part of `npm run build`): makes every edge page render its metadata in <head>.
 *
 * Why: Next's edge page entry (next/dist/build/templates/edge-ssr-app.js, Next 15.5) passes
 * `serveStreamingMetadata: true` to the renderer whatever `htmlLimitedBots` says, so under next-on-pages the title,
 * description, canonical and hreflang links are streamed in a Suspense boundary in <body>. They reach <head> only when
 * they happen to resolve before the shell is flushed: a page that waits for data (gallery, share) wins that race, the
 * studio (whose shell needs no data) loses it. Search engines and link previews read the head, so the edge entry is
 * set to blocking metadata, which is what next.config.ts asks for (`htmlLimitedBots: /.*\/`).
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const functionsDir = ".vercel/output/static/_worker.js/__next-on-pages-dist__/functions";
// The edge entry's options, as esbuild minifies them (`true` → `!0`); the Node entry computes the value instead.
const STREAMED = "shouldWaitOnAllReady:!1,serveStreamingMetadata:!0";
const BLOCKING = "shouldWaitOnAllReady:!1,serveStreamingMetadata:!1";

const pages = readdirSync(functionsDir, { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".func.js"))
  .map((file) => join(functionsDir, file))
  .filter((file) => readFileSync(file, "utf8").includes("serveStreamingMetadata"));

let patched = 0;
for (const file of pages) {
  const code = readFileSync(file, "utf8");
  if (code.includes(STREAMED)) {
    writeFileSync(file, code.replaceAll(STREAMED, BLOCKING));
    patched += 1;
  } else if (!code.includes(BLOCKING)) {
    // A Next or next-on-pages upgrade changed the entry: fail the build rather than ship streamed metadata again.
    throw new Error(`block-streamed-metadata: no edge page options found in ${file}; see scripts/block-streamed-metadata.ts`);
  }
}
if (pages.length === 0) throw new Error("block-streamed-metadata: no page functions found; see scripts/block-streamed-metadata.ts");
console.log(`block-streamed-metadata: ${patched} of ${pages.length} pages render their metadata in <head>`);
