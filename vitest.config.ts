import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  // Tests import server modules directly, as the server does: `server-only` resolves to its empty server build.
  resolve: { alias: { "@": root, "server-only": `${root}node_modules/server-only/empty.js` } },
  test: {
    // Suites share ports and child processes; files run in parallel, tests within a file in order.
    testTimeout: 60_000,
    hookTimeout: 240_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts", "tests/emulator/**/*.test.ts", "tests/db/**/*.test.ts", "tests/smoke/**/*.test.ts"],
        },
      },
      {
        extends: true,
        test: { name: "routes", include: ["tests/routes/**/*.test.ts", "tests/security/routes/**/*.test.ts"], setupFiles: ["tests/routes/setup.ts"] },
      },
      {
        extends: true,
        test: {
          name: "http",
          include: ["tests/http/**/*.test.ts", "tests/security/worker/**/*.test.ts"],
          globalSetup: ["tests/http/global-setup.ts"],
          fileParallelism: false,
        },
      },
    ],
  },
});
