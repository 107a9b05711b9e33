import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("../../", import.meta.url));

// The browser suite runs on its own (`npm run test:e2e`), never as part of `npm test`.
export default defineConfig({
  root,
  resolve: { alias: { "@": root } },
  test: {
    include: ["tests/e2e/**/*.test.ts", "tests/security/browser/**/*.test.ts"],
    globalSetup: ["tests/e2e/global-setup.ts"],
    // One Chromium at a time on a small machine; the files also share the emulator's fault switch.
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 300_000,
  },
});
