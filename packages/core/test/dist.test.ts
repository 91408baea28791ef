// The built package (turbo builds before testing): both entries share one copy of every class,
// so `instanceof` holds whichever entry an SDK re-exports from, in CJS as in ESM.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);

describe("the built entries", () => {
  it("share the error classes in CommonJS", () => {
    const main = require("../dist/index.cjs") as Record<string, unknown>;
    const pub = require("../dist/public.cjs") as Record<string, unknown>;
    for (const name of ["ParleyError", "ApiError", "RateLimitError", "ValidationError", "ConnectionError", "TimeoutError", "AbortError"]) {
      expect(pub[name], name).toBeTypeOf("function");
      expect(pub[name], name).toBe(main[name]);
    }
  });

  it("share the error classes in ES modules", async () => {
    // Computed specifiers: type-checking must not need the build.
    const main = (await import(new URL("../dist/index.js", import.meta.url).href)) as Record<string, unknown>;
    const pub = (await import(new URL("../dist/public.js", import.meta.url).href)) as Record<string, unknown>;
    expect(pub["RateLimitError"]).toBe(main["RateLimitError"]);
    expect(pub["StateError"]).toBe(main["StateError"]);
  });
});
