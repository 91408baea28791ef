// Every 2xx body is checked against its operation's schema: the spec's own examples pass, and any
// typed field of an example given the wrong type fails with an InvalidResponseError naming the
// operation and the field's path (the shared suite), plus this API's own edge cases.
import { describe, expect, it } from "vitest";
import { checkShape } from "@parley/core";
import { responseShapeTests } from "@parley/test-support";
import { SHAPES } from "../src/shapes.js";

describe("response shapes", () => {
  responseShapeTests(new URL("../../../openapi/agent-api.yaml", import.meta.url), SHAPES, 30);

  it("a missing required field, and a body that is not there at all, are named too", () => {
    expect(() => checkShape("feedback.send", {}, SHAPES["feedback.send"]!)).toThrow("feedback.send: the response field `message` must be a string, got nothing.");
    expect(() => checkShape("conversations.get", undefined, SHAPES["conversations.get"]!)).toThrow("conversations.get: the response body must be an object, got nothing.");
  });
});
