import { register } from "node:module";

const CONTEXT_KEY = "__benchRequestContext";

// Stands in for next-on-pages' getRequestContext, which refuses to run outside the edge runtime.
const SHIM = `
export function getOptionalRequestContext() { return globalThis.${CONTEXT_KEY}; }
export function getRequestContext() {
  const context = globalThis.${CONTEXT_KEY};
  if (!context) throw new Error("bench: no request context set");
  return context;
}
`;

const HOOKS = `
export async function resolve(specifier, context, next) {
  if (specifier === "@cloudflare/next-on-pages") return { url: ${JSON.stringify(`data:text/javascript,${encodeURIComponent(SHIM)}`)}, shortCircuit: true };
  return next(specifier, context);
}
`;

let registered = false;

/**
 * Lets the app's route handlers run in this Node process: imports of `@cloudflare/next-on-pages` made after
 * this call resolve to a shim that hands out `context` (bindings as Pages would pass them).
 */
export function provideRequestContext(context: { env: Record<string, unknown> }): void {
  if (!registered) {
    register(`data:text/javascript,${encodeURIComponent(HOOKS)}`);
    registered = true;
  }
  (globalThis as Record<string, unknown>)[CONTEXT_KEY] = {
    ...context,
    ctx: { waitUntil: () => undefined, passThroughOnException: () => undefined },
    cf: {},
  };
}
