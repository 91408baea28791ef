// Every 2xx body is checked against its operation's schema: the spec's own examples pass, and any
// typed field of an example given the wrong type fails with an InvalidResponseError naming the
// operation and the field's path (the shared suite), plus this API's own edge cases.
import { describe, expect, it } from "vitest";
import { InvalidResponseError, checkShape } from "@parley/core";
import { responseShapeTests } from "@parley/test-support";
import { SHAPES } from "../src/shapes.js";

describe("response shapes", () => {
  responseShapeTests(new URL("../../../openapi/headless.yaml", import.meta.url), SHAPES, 200);

  it("a missing required field, and a body that is not there at all, are named too", () => {
    expect(() => checkShape("getAfterHourMessage", {}, SHAPES["getAfterHourMessage"]!)).toThrow("getAfterHourMessage: the response field `message` must be a string, got nothing.");
    expect(() => checkShape("getCompany", undefined, SHAPES["getCompany"]!)).toThrow("getCompany: the response body must be an object, got nothing.");
  });

  it("a menu nested deeper than the stack allows is an InvalidResponseError naming getMenus, not a crash", () => {
    const item = () => ({ id: 1, name: "m", enabled: true, channels: [] as unknown[] }) as Record<string, unknown>;
    const root = item();
    let node = root;
    for (let depth = 0; depth < 100_000; depth++) node = (node["children"] = [item()])[0]!;
    let thrown: unknown;
    try {
      checkShape("getMenus", { menus: [root], direct: { key: true, user: false } }, SHAPES["getMenus"]!);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidResponseError);
    expect(thrown).toMatchObject({ operation: "getMenus", field: "" });
    expect((thrown as Error).message).toBe("getMenus: the response body is nested too deeply to check.");
  });
});
