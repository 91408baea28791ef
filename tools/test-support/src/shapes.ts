// The response-shape suite both HTTP SDKs run: the spec's own 2xx examples pass each operation's
// shape, and any typed field of an example given the wrong type is an InvalidResponseError naming
// the operation and the field's path.
import fc from "fast-check";
import { expect, it } from "vitest";
import { checkShape, InvalidResponseError, type Shape } from "@parley/core";
import { replaceAt, responseExamples, typedLeaves } from "./spec-examples.js";

/** A value of another type than `type` expects. */
const WRONG: Record<string, unknown[]> = {
  string: [5, null, {}, [], true],
  integer: ["5", 1.5, null, {}, Number.MAX_SAFE_INTEGER * 2],
  number: ["5", null, {}],
  boolean: ["true", 0, null],
  object: ["x", [], null, 5],
};

/** Declares the two tests inside the caller's `describe`; `minCases` guards against an empty walk. */
export function responseShapeTests(spec: URL, shapes: Record<string, Shape>, minCases: number): void {
  const examples = responseExamples(spec);

  it("every operation with a JSON 2xx body has a shape, and every spec example passes it", () => {
    expect(Object.keys(shapes).sort()).toEqual([...new Set(examples.map((e) => e.operationId))].sort());
    for (const example of examples) expect(() => checkShape(example.operationId, example.value, shapes[example.operationId]!), `${example.operationId} ${example.name}`).not.toThrow();
  });

  it("property: any typed field given the wrong type is an InvalidResponseError naming the operation and the field", () => {
    const cases = examples.flatMap((e) => typedLeaves(e.value, shapes[e.operationId]).map((leaf) => ({ ...e, ...leaf })));
    expect(cases.length).toBeGreaterThan(minCases);
    fc.assert(
      fc.property(fc.constantFrom(...cases), fc.nat(), (leaf, pick) => {
        const base = leaf.type.replace("|null", "");
        const options = WRONG[base]!.filter((v) => !(v === null && leaf.type.endsWith("|null")));
        const broken = replaceAt(leaf.value, leaf.path, options[pick % options.length]);
        let error: unknown;
        try {
          checkShape(leaf.operationId, broken, shapes[leaf.operationId]!);
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
}
