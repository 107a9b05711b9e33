import { vi } from "vitest";

// Route handlers read their bindings through next-on-pages; in-process tests hand them the test env.
vi.mock("@cloudflare/next-on-pages", () => ({
  getRequestContext: () => {
    const context = (globalThis as { __testRequestContext?: unknown }).__testRequestContext;
    if (!context) throw new Error("No test request context: start the app with startTestApp()");
    return context;
  },
}));
