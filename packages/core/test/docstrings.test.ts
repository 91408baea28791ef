// Docstring coverage: every member @parley/core exports has a JSDoc comment (found by @parley/test-support's
// undocumentedMembers, the TypeScript compiler API over src/index.ts, which tsup turns into dist/index.d.ts).
import { undocumentedMembers } from "@parley/test-support";
import { expect, it } from "vitest";

it("every exported member has a docstring", () => {
  expect(undocumentedMembers(new URL("..", import.meta.url))).toEqual([]);
});
