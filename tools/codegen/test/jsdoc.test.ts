// The doc texts codegen emits: what each one says, and that a spec text cannot break the comment.
import { describe, expect, it } from "vitest";
import { commentText, eventDoc, operationDoc, schemaFacts } from "../src/jsdoc.mjs";

describe("eventDoc", () => {
  it("leads with the one-line description, adds every other spec text once, then the ack and the operation", () => {
    const doc = eventDoc({
      name: "chat.message",
      description: "A message.",
      payload: undefined,
      doc: {
        summary: "A message.",
        description: "  Longer words.\n",
        operation: { id: "sendChatMessage", action: "send", summary: "Send a message", description: "On failure the ack is `[SocketError]`.", methods: ["chatMessage", "send"] },
        acks: ["The stored Message."],
      },
    });
    expect(doc).toBe(
      "A message.\n\nLonger words.\n\nSend a message\n\nOn failure the ack is `[SocketError]`.\n\n" +
        "Ack: The stored Message.\nOperation `sendChatMessage` (`send`); SDK methods `chatMessage`, `send`.",
    );
  });

  it("is undefined when the spec says nothing, and never lets a text close the comment", () => {
    expect(eventDoc({ name: "x", payload: undefined, doc: { acks: [] } })).toBeUndefined();
    expect(eventDoc({ name: "x", description: "a */ b", payload: undefined, doc: { acks: [] } })).toBe("a *\\/ b");
  });
});

describe("schemaFacts", () => {
  it("states type, format, enum, bounds with their unit, pattern and default", () => {
    expect(schemaFacts({ type: "integer", minimum: 0 })).toBe("integer, >= 0");
    expect(schemaFacts({ type: ["string", "null"], format: "date-time" })).toBe("string | null (date-time)");
    expect(schemaFacts({ type: "string", enum: ["a", "b"], maxLength: 8, pattern: "^[ab]$", default: "a" })).toBe(
      'string, one of `"a"`, `"b"`, <= 8 characters, pattern `^[ab]$`, default `"a"`',
    );
    expect(schemaFacts({ type: "array", minItems: 1, maxItems: 5 })).toBe("array, 1..5 items");
    expect(schemaFacts(undefined)).toBeUndefined();
  });
});

describe("operationDoc", () => {
  const op = {
    operationId: "getThing",
    method: "GET",
    path: "/things/{id}",
    summary: "Get a thing",
    description: "Reads it.\n\n Closing */ inside.",
    methods: ["getThing"],
    idempotent: true,
    parameters: [{ name: "id", in: "path", required: true, description: "Thing id.", schema: { type: "integer", minimum: 1 } }],
    responses: [
      { status: "200", description: "The thing.", content: [{ mediaType: "application/json", schema: "Thing" }], headers: [] },
      { status: "default", description: "Anything else.", content: [], headers: [] },
    ],
  };

  it("gives summary, description, request line with the retry rule, @param, @returns and @throws", () => {
    expect(operationDoc(op)).toEqual([
      "Get a thing",
      "",
      "Reads it.",
      "",
      " Closing *\\/ inside.",
      "",
      "`GET /things/{id}`; SDK method `getThing`; the SDK may send it again (`x-parley-idempotent: true`).",
      "",
      "@param id - (path, required; integer, >= 1) Thing id.",
      "@returns 200 The thing (`application/json` `Thing`).",
      "@throws default Anything else.",
    ]);
  });

  it("formats lines as a JSDoc body for TypeScript's printer", () => {
    expect(commentText(["a", "", "b"])).toBe("*\n * a\n *\n * b\n ");
  });
});
