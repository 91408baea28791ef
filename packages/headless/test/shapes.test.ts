// Every 2xx body is checked against its operation's schema: the spec's own examples pass, and any
// typed field of an example given the wrong type fails with an InvalidResponseError naming the
// operation and the field's path.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkShape, InvalidResponseError } from "@parley/core";
import { replaceAt, responseExamples, typedLeaves } from "@parley/test-support";
import { SHAPES } from "../src/shapes.js";

const EXAMPLES = responseExamples(new URL("../../../openapi/headless.yaml", import.meta.url));

/** A value of another type than `type` expects. */
const WRONG: Record<string, unknown[]> = {
  string: [5, null, {}, [], true],
  integer: ["5", 1.5, null, {}, Number.MAX_SAFE_INTEGER * 2],
  number: ["5", null, {}],
  boolean: ["true", 0, null],
  object: ["x", [], null, 5],
};

describe("response shapes", () => {
  it("every operation with a JSON 2xx body has a shape, and every spec example passes it", () => {
    expect(Object.keys(SHAPES).sort()).toEqual([...new Set(EXAMPLES.map((e) => e.operationId))].sort());
    for (const example of EXAMPLES) expect(() => checkShape(example.operationId, example.value, SHAPES[example.operationId]!), `${example.operationId} ${example.name}`).not.toThrow();
  });

  it("property: any typed field given the wrong type is an InvalidResponseError naming the operation and the field", () => {
    const cases = EXAMPLES.flatMap((e) => typedLeaves(e.value, SHAPES[e.operationId]).map((leaf) => ({ ...e, ...leaf })));
    expect(cases.length).toBeGreaterThan(200);
    fc.assert(
      fc.property(fc.constantFrom(...cases), fc.nat(), (leaf, pick) => {
        const base = leaf.type.replace("|null", "");
        const options = WRONG[base]!.filter((v) => !(v === null && leaf.type.endsWith("|null")));
        const broken = replaceAt(leaf.value, leaf.path, options[pick % options.length]);
        let error: unknown;
        try {
          checkShape(leaf.operationId, broken, SHAPES[leaf.operationId]!);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(InvalidResponseError);
        expect((error as InvalidResponseError).operation).toBe(leaf.operationId);
        expect((error as InvalidResponseError).field).toBe(leaf.path);
        expect((error as Error).message).toContain(`${leaf.operationId}: the response field \`${leaf.path}\``);
      }),
      { numRuns: 400 },
    );
  });

  it("a missing required field, and a body that is not there at all, are named too", () => {
    expect(() => checkShape("getAfterHourMessage", {}, SHAPES["getAfterHourMessage"]!)).toThrow("getAfterHourMessage: the response field `message` must be a string, got nothing.");
    expect(() => checkShape("getCompany", undefined, SHAPES["getCompany"]!)).toThrow("getCompany: the response body must be an object, got nothing.");
  });
});
