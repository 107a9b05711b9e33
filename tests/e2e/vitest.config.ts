import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("../../", import.meta.url));

// The browser suite runs on its own (`npm run test:e2e`), never as part of `npm test`.
export default defineConfig({
  root,
  // Tests import server modules directly, as the server does: `server-only` resolves to its empty server build.
  resolve: { alias: { "@": root, "server-only": `${root}node_modules/server-only/empty.js` } },
  test: {
    include: ["tests/e2e/**/*.test.ts", "tests/security/browser/**/*.test.ts"],
    globalSetup: ["tests/e2e/global-setup.ts"],
    // One Chromium at a time on a small machine; the files also share the emulator's fault switch.
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 300_000,
  },
});
