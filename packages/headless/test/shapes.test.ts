// Every 2xx body is checked against its operation's schema: the spec's own examples pass, and any
// typed field of an example given the wrong type fails with an InvalidResponseError naming the
// operation and the field's path (the shared suite), plus this API's own edge cases.
import { describe, expect, it } from "vitest";
import { checkShape } from "@parley/core";
import { responseShapeTests } from "@parley/test-support";
import { SHAPES } from "../src/shapes.js";

describe("response shapes", () => {
  responseShapeTests(new URL("../../../openapi/headless.yaml", import.meta.url), SHAPES, 200);

  it("a missing required field, and a body that is not there at all, are named too", () => {
    expect(() => checkShape("getAfterHourMessage", {}, SHAPES["getAfterHourMessage"]!)).toThrow("getAfterHourMessage: the response field `message` must be a string, got nothing.");
    expect(() => checkShape("getCompany", undefined, SHAPES["getCompany"]!)).toThrow("getCompany: the response body must be an object, got nothing.");
  });
});
