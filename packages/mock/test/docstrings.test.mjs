// Docstring coverage: every member @parley/mock exports (its hand-written declarations, one per entry
// point of package.json `exports`) has a JSDoc comment, found by @parley/test-support's undocumentedMembers.
import { undocumentedMembers } from "@parley/test-support";
import { expect, it } from "vitest";

for (const entry of ["src/index.d.ts", "src/realtime/web-chat.d.ts", "src/realtime/conversation.d.ts"]) {
  it(`every exported member of ${entry} has a docstring`, () => {
    expect(undocumentedMembers(new URL("..", import.meta.url), entry)).toEqual([]);
  });
}
