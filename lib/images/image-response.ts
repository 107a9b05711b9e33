import "server-only";

/**
 * How every image is served: as data, never as code. `nosniff` and a sandboxing CSP stop a browser from running
 * anything even if a file were mislabelled; image routes never set a cookie (they read the session, never mint one).
 */
export const IMAGE_RESPONSE_HEADERS = {
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; sandbox",
} as const;
