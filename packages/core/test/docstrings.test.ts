// Docstring coverage: every member @parley/core exports has a JSDoc comment (found by @parley/test-support's
// undocumentedMembers, the TypeScript compiler API over src/index.ts, which tsup turns into dist/index.d.ts).
import { undocumentedMembers } from "@parley/test-support";
import { expect, it } from "vitest";

// Core's docstrings are issue 13's: until they are merged this is a known failure; once they are,
// this test fails and `.fails` goes.
it.fails("every exported member has a docstring", () => {
  expect(undocumentedMembers(new URL("..", import.meta.url))).toEqual([]);
});
