// The built package prints its classes by their own names in ESM and CommonJS: the CommonJS build
// once printed `_class12 [TimeoutError]`, the ES module `_ApiError`.
import { describe, expect, it } from "vitest";
import { classNameProblems } from "@parley/test-support";

describe("the built entries", () => {
  it("name every exported class as it is exported, and an error prints its class", async () => {
    expect(await classNameProblems(new URL("../", import.meta.url))).toEqual([]);
  });
});
