// Docstring coverage: every member this package exports has a JSDoc comment (found by @parley/test-support's
// undocumentedMembers, the TypeScript compiler API over src/index.ts, which tsup turns into dist/index.d.ts).
import { undocumentedMembers } from "@parley/test-support";
import { expect, it } from "vitest";

const missing = undocumentedMembers(new URL("..", import.meta.url));

it("every exported member of the hand-written source has a docstring", () => {
  expect(missing.filter((m) => m.origin === "hand-written")).toEqual([]);
});

it("every exported member generated from the spec has a docstring", () => {
  expect(missing.filter((m) => m.origin === "generated")).toEqual([]);
});
