import type { NextConfig } from "next";
import { PHASE_DEVELOPMENT_SERVER } from "next/constants";

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Metadata (description, canonical, hreflang, Open Graph) in <head> for every visitor, not streamed into the body
  // when the shell happens to flush first: search engines and link previews read the head
  // (nextjs.org/docs/app/api-reference/config/next-config-js/htmlLimitedBots, "Disabling"). Next's edge page entry
  // ignores this setting, so the build sets the same on the worker: scripts/block-streamed-metadata.ts.
  htmlLimitedBots: /.*/,
};

// next.config.ts is compiled to CommonJS, so no top-level await: the dev platform
// (local D1/R2 bindings for `next dev`) is set up inside the config function.
export default async function nextConfig(phase: string): Promise<NextConfig> {
  if (phase === PHASE_DEVELOPMENT_SERVER) {
    const { setupDevPlatform } = await import("@cloudflare/next-on-pages/next-dev");
    await setupDevPlatform({ persist: true });
    // A running dev server must not clobber (or be clobbered by) a production build.
    return { ...config, distDir: ".next-dev" };
  }
  return config;
}
