// The built package prints its classes by their own names in ESM and CommonJS: the CommonJS build
// once printed `_class12 [TimeoutError]`, the ES module `_ApiError`.
import { describe, expect, it } from "vitest";
import { builtClasses } from "@parley/test-support";

describe("the built entries", () => {
  it("name every exported class as it is exported, and an error prints its class", async () => {
    const classes = await builtClasses(new URL("../", import.meta.url));
    for (const format of ["esm", "cjs"]) expect(classes.filter((c) => c.format === format).map((c) => c.exported)).toContain("TimeoutError");
    for (const c of classes) {
      expect(c.name, `${c.format} ${c.exported}`).toBe(c.exported);
      if (!c.instance) continue;
      expect(c.instance.constructorName, `${c.format} ${c.exported}`).toBe(c.exported);
      expect(c.instance.string.startsWith(`${c.exported}: `), `${c.format} ${c.instance.string}`).toBe(true);
      expect(c.instance.inspect.startsWith(`${c.exported}: `), `${c.format} ${c.instance.inspect}`).toBe(true);
    }
  });
});
