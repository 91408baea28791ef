import fc from "fast-check";
import { defaultPathSerializer } from "openapi-fetch";
import { describe, expect, it, vi } from "vitest";
import { createPathSerializer } from "../src/index.js";

describe("createPathSerializer", () => {
  it("fills simple parameters, percent-encoded, and leaves the rest of the template", () => {
    const serialize = createPathSerializer();
    expect(serialize("/conversation/{idConversation}", { idConversation: "c 1/ç" })).toBe("/conversation/c%201%2F%C3%A7");
    expect(serialize("/chats/{chatId}/escalations/{escalationId}/track", { chatId: 8812, escalationId: 77 })).toBe("/chats/8812/escalations/77/track");
    expect(serialize("/company", {})).toBe("/company");
  });

  it("keeps a parameter that was not given as the template text", () => {
    expect(createPathSerializer()("/chats/{chatId}", {})).toBe("/chats/{chatId}");
  });

  it("agrees with openapi-fetch's default serializer on simple parameters (property)", () => {
    const serialize = createPathSerializer();
    fc.assert(
      fc.property(fc.string(), fc.oneof(fc.string(), fc.integer()), (a, b) => {
        const params = { a, b };
        expect(serialize("/x/{a}/y/{b}", params)).toBe(defaultPathSerializer("/x/{a}/y/{b}", params));
      }),
    );
  });

  it("hands label, matrix and exploded parameters to the fallback", () => {
    const fallback = vi.fn(() => "from-fallback");
    const serialize = createPathSerializer(fallback);
    for (const template of ["/x/{.id}", "/x/{;id}", "/x/{ids*}"]) expect(serialize(template, { id: 1, ids: [1, 2] })).toBe("from-fallback");
    expect(fallback).toHaveBeenCalledTimes(3);
    expect(serialize("/x/{id}", { id: 1 })).toBe("/x/1");
    expect(fallback).toHaveBeenCalledTimes(3);
  });
});
