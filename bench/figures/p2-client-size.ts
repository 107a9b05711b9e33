import { readFile } from "node:fs/promises";
import type { Plugin } from "esbuild";
import type { Figure } from "../lib/figure";
import { bytesByPart, loadEsbuild } from "../lib/esbuild";
import { gzipSize, kB } from "../lib/gzip";
import { ratio } from "../lib/stats";

// Each entry uses its client the way the app does, so tree shaking keeps what a real caller pulls in.
const ENTRIES = {
  ours: `
    import { createAiGateway } from "./lib/ai-gateway";
    const gateway = createAiGateway({ gatewayUrl: "https://gateway.ai.cloudflare.com/v1/a/g", replicateApiToken: "r8_x", geminiApiKey: "k", geminiModel: "gemini-3.8-flash" });
    export const calls = [gateway.generateImageViaReplicate, gateway.getPrediction, gateway.cancelPrediction, gateway.generateTextViaGemini];
  `,
  replicate: `
    import Replicate from "replicate";
    const replicate = new Replicate({ auth: "r8_x" });
    export const calls = [(input) => replicate.predictions.create(input), (id) => replicate.predictions.get(id)];
  `,
  genai: `
    import { GoogleGenAI } from "@google/genai";
    const ai = new GoogleGenAI({ apiKey: "k" });
    export const call = (params) => ai.models.generateContent(params);
  `,
} as const;

const TOP_PARTS = 8;

type Esbuild = Awaited<ReturnType<typeof loadEsbuild>>;

async function bundle(esbuild: Esbuild, root: string, name: string, contents: string, options: { external?: string[]; plugins?: Plugin[] } = {}) {
  const result = await esbuild.build({
    stdin: { contents, resolveDir: root, loader: "ts", sourcefile: `bench-entry-${name}.ts` },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
    absWorkingDir: root,
    external: options.external,
    plugins: options.plugins,
  });
  return { code: result.outputFiles[0]!.contents, metafile: result.metafile! };
}

/**
 * What-if for the profile: our lib files with `import { z } from "zod"` read as `import * as z from "zod"`.
 * The named `z` export is one namespace object, so a bundler keeps all of zod (every locale, JSON-schema
 * conversion); a namespace import lets it keep only the schemas the client uses.
 */
const zodNamespaceImport: Plugin = {
  name: "zod-namespace-import",
  setup(build) {
    build.onLoad({ filter: /[\\/]lib[\\/].*\.ts$/ }, async (args) => ({
      loader: "ts",
      contents: (await readFile(args.path, "utf8")).replace(/import \{ z \} from "zod";/g, 'import * as z from "zod";'),
    }));
  },
};

/** P2 (size): our whole gateway client vs the two official SDKs, bundled the same way (esbuild, minified, browser), gzip -9. */
export async function measureClientSize(root: string): Promise<Figure> {
  const esbuild = await loadEsbuild();
  const sizes: Record<string, { minKB: number; gzipKB: number; gzipBytes: number; parts: { part: string; minKB: number }[] }> = {};
  for (const [name, contents] of Object.entries(ENTRIES)) {
    const { code, metafile } = await bundle(esbuild, root, name, contents);
    sizes[name] = {
      minKB: kB(code.length),
      gzipKB: kB(gzipSize(code)),
      gzipBytes: gzipSize(code),
      parts: bytesByPart(metafile)
        .slice(0, TOP_PARTS)
        .map(({ part, minBytes }) => ({ part, minKB: kB(minBytes) })),
    };
  }
  const ownCode = gzipSize((await bundle(esbuild, root, "ours-without-zod", ENTRIES.ours, { external: ["zod"] })).code);
  const namespaceZod = gzipSize((await bundle(esbuild, root, "ours-zod-namespace", ENTRIES.ours, { plugins: [zodNamespaceImport] })).code);
  const ours = sizes.ours!;
  const theirs = sizes.replicate!.gzipBytes + sizes.genai!.gzipBytes;
  const share = ratio(ours.gzipBytes, theirs);
  return {
    id: "P2-size",
    what: "gateway client (lib/ai-gateway.ts + everything it imports) vs replicate 1.4.0 + @google/genai 2.32.0; esbuild (wrangler's), minified, browser platform, gzip -9",
    value: share,
    unit: "ratio (ours / theirs)",
    goal: "≤ 0.30",
    pass: share <= 0.3,
    details: {
      esbuild: esbuild.version,
      oursKB: ours.gzipKB,
      theirsKB: kB(theirs),
      profile: {
        ownCodeGzipKB: kB(ownCode),
        zodGzipKB: kB(ours.gzipBytes - ownCode),
        whatIfZodNamespaceImportGzipKB: kB(namespaceZod),
        goalKB: kB(theirs * 0.3),
      },
      bundles: Object.fromEntries(
        Object.entries(sizes).map(([name, { minKB, gzipKB, parts }]) => [name, { minKB, gzipKB, largestPartsMinified: parts }]),
      ),
    },
  };
}
