// Unit tests of each codegen stage on small inline specs: validate, resolve, transform, render.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { deref, escapePointer, pointerGet } from "../src/refs.mjs";
import { renderEventsTs, renderSchemas } from "../src/render-events.mjs";
import { documentOperations } from "../src/render-operations.mjs";
import { resolveEvents } from "../src/resolve-events.mjs";
import { resolveOperations } from "../src/resolve-operations.mjs";
import { SpecError } from "../src/spec-error.mjs";
import { eventTypesSchema } from "../src/transform-events.mjs";
import { componentRefRewriter, referencedComponents, runtimeSchemas, transform } from "../src/transform-schemas.mjs";
import { formatDiagnostic, validateAsyncApi } from "../src/validate.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtureText = readFileSync(path.join(here, "fixture.asyncapi.yaml"), "utf8");
/** A fresh copy of the fixture AsyncAPI document. */
const fixture = () => YAML.parse(fixtureText);

/** A small OpenAPI 3.1 document: path-level and operation parameters, $refs, a body, errors. */
function openapiDoc() {
  return {
    openapi: "3.1.0",
    info: { title: "t", version: "1" },
    paths: {
      "/rooms/{roomId}/messages": {
        parameters: [{ $ref: "#/components/parameters/RoomId" }, { name: "lang", in: "query", description: "Path-level language.", schema: { type: "string" } }],
        post: {
          operationId: "sendMessage",
          summary: "Send a message",
          description: "Posts one message.\n\nSecond paragraph.",
          "x-parley-method": ["sendMessage", "sendText"],
          "x-parley-idempotent": false,
          parameters: [
            { name: "lang", in: "query", description: "Overrides the path-level one.", schema: { type: "string", enum: ["en", "pt"] } },
            { name: "timeout", in: "query", required: false, description: "Server wait, in seconds.", schema: { type: "integer", minimum: 1, maximum: 30, default: 10 } },
          ],
          requestBody: { required: true, description: "The message.", content: { "application/json": { schema: { $ref: "#/components/schemas/Message" } } } },
          responses: {
            "201": { description: "Stored.", content: { "application/json": { schema: { $ref: "#/components/schemas/Message" } } } },
            "404": { $ref: "#/components/responses/NotFound" },
            "429": {
              description: "Rate limited.",
              headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer", minimum: 0 } } },
              content: { "application/problem+json": { schema: { type: "object" } } },
            },
          },
        },
      },
    },
    components: {
      parameters: { RoomId: { name: "roomId", in: "path", required: true, description: "Room id.", schema: { type: "string", minLength: 1, maxLength: 64 } } },
      responses: { NotFound: { description: "No such room." } },
      schemas: { Message: { type: "object", properties: { text: { type: "string" } } } },
    },
  };
}

describe("validate", () => {
  it("accepts the fixture and rejects a broken $ref with the parser's path", async () => {
    await expect(validateAsyncApi(fixtureText, "fixture.yaml")).resolves.toBeUndefined();
    const spec = fixture();
    spec.operations.joinRoom.channel = { $ref: "#/channels/nowhere" };
    const error = await validateAsyncApi(YAML.stringify(spec), "bad.yaml").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).message).toMatch(/^bad\.yaml: AsyncAPI validation failed/);
    expect((error as SpecError).diagnostics.some((d) => d.path?.join("/").startsWith("operations/joinRoom/channel"))).toBe(true);
  });

  it("rejects AsyncAPI 2.x", async () => {
    const v2 = { asyncapi: "2.6.0", info: { title: "t", version: "1" }, channels: {} };
    await expect(validateAsyncApi(YAML.stringify(v2), "v2.yaml")).rejects.toThrow(/expected AsyncAPI 3\.x, got 2\.6\.0/);
  });

  it("formats a diagnostic with its pointer, line and code", () => {
    expect(formatDiagnostic({ path: ["a", 1], message: "bad", code: "x", range: { start: { line: 4 } } })).toBe("  /a/1 (line 5): bad [x]");
    expect(formatDiagnostic({ message: "bad" })).toBe("  (root): bad");
  });
});

describe("resolve: refs", () => {
  it("follows escaped pointers and chains, and refuses remote, missing and circular refs", () => {
    const doc = { a: { "b/c": { "d~e": 1 } }, r1: { $ref: "#/r2" }, r2: { $ref: "#/a" }, loop: { $ref: "#/loop" } };
    expect(pointerGet(doc, `#/a/${escapePointer("b/c")}/${escapePointer("d~e")}`)).toEqual({ value: 1, key: "d~e" });
    expect(deref(doc, { $ref: "#/r1" })).toEqual({ value: doc.a, key: "a" });
    expect(() => pointerGet(doc, "other.yaml#/a")).toThrow(SpecError);
    expect(() => pointerGet(doc, "#/nope")).toThrow(/unresolvable \$ref #\/nope/);
    expect(() => deref(doc, { $ref: "#/loop" })).toThrow(/circular \$ref #\/loop/);
  });
});

describe("resolve: events", () => {
  it("maps send to client (with its ack), receive to server, x-parley-client-events to sdk, with the spec's texts", () => {
    const warnings: string[] = [];
    const model = resolveEvents(fixture(), warnings);
    expect(warnings).toEqual([]);
    expect(model.client.map((e) => e.name)).toEqual(["room.join", "room.typing"]);
    expect(model.server.map((e) => e.name)).toEqual(["room.updated"]);
    expect(model.sdk.map((e) => e.name)).toEqual(["ready", "error"]);
    const join = model.client[0]!;
    expect(join.ack).toEqual([{ name: "room.join.ack", payload: { $ref: "#/components/schemas/Room" } }]);
    expect(join.doc).toEqual({
      summary: "Join a room.",
      description: undefined,
      operation: { id: "joinRoom", action: "send", summary: undefined, description: undefined, methods: [] },
      acks: [],
    });
    expect(model.client[1]!.ack).toBeUndefined();
    expect(model.sdk[0]!.doc.summary).toBe("The SDK finished its handshake.");
  });

  it("warns about an ack flag that disagrees with the reply, and rejects one event with two payloads", () => {
    const spec = fixture();
    delete spec.operations.joinRoom["x-parley-ack"];
    spec.operations.sendTyping["x-parley-ack"] = true;
    const warnings: string[] = [];
    resolveEvents(spec, warnings);
    expect(warnings).toEqual([
      "operations/joinRoom: send operation has no x-parley-ack",
      "operations/sendTyping: x-parley-ack is true but there is no reply message (ack typed never)",
    ]);

    const clash = fixture();
    clash.channels.socket.messages.other = { name: "room.join", payload: { type: "string" } };
    clash.operations.joinAgain = { action: "send", channel: { $ref: "#/channels/socket" }, messages: [{ $ref: "#/channels/socket/messages/other" }], "x-parley-ack": false };
    expect(() => resolveEvents(clash, [])).toThrow(/client event "room\.join" is also defined by operations\/joinRoom/);
  });

  it("takes every message of the channel when an operation lists none", () => {
    const spec = fixture();
    delete spec.operations.onRoomUpdated.messages;
    const model = resolveEvents(spec, []);
    expect(model.server.map((e) => e.name)).toEqual(["room.join", "room.join.ack", "room.typing", "room.updated"]);
  });
});

describe("resolve: operations", () => {
  it("reads each operation's request line, parameters (path-level ones overridden), body and responses through $refs", () => {
    const [op, ...rest] = resolveOperations(openapiDoc());
    expect(rest).toEqual([]);
    expect(op).toMatchObject({ operationId: "sendMessage", method: "POST", path: "/rooms/{roomId}/messages", methods: ["sendMessage", "sendText"], idempotent: false });
    expect(op!.parameters.map((p) => [p.in, p.name, p.required, p.description])).toEqual([
      ["path", "roomId", true, "Room id."],
      ["query", "lang", false, "Overrides the path-level one."],
      ["query", "timeout", false, "Server wait, in seconds."],
    ]);
    expect(op!.requestBody).toEqual({ required: true, description: "The message.", content: [{ mediaType: "application/json", schema: "Message" }] });
    expect(op!.responses.map((r) => [r.status, r.description, r.content, r.headers.map((h) => h.name)])).toEqual([
      ["201", "Stored.", [{ mediaType: "application/json", schema: "Message" }], []],
      ["404", "No such room.", [], []],
      ["429", "Rate limited.", [{ mediaType: "application/problem+json" }], ["Retry-After"]],
    ]);
  });
});

describe("transform", () => {
  const doc = fixture();
  const rewriteRef = componentRefRewriter(doc);

  it("copies schemas keyword-aware: drops x-* and non-JSON-Schema keywords, the title keyword only when asked, never a property named title", () => {
    const out = transform(doc.components.schemas.JoinRequest, { rewriteRef, dropTitle: true });
    expect(out).not.toHaveProperty("x-internal-note");
    expect(Object.keys(out.properties)).toEqual(["roomId", "title"]);
    expect(transform({ title: "T", example: 1, items: { $ref: "#/components/schemas/Room" } }, { rewriteRef })).toEqual({ title: "T", items: { $ref: "#/definitions/Room" } });
    expect(transform({ title: "T" }, { rewriteRef, dropTitle: true })).toEqual({});
  });

  it("rewrites component refs, refusing missing components and other refs", () => {
    expect(rewriteRef("#/components/schemas/Room")).toBe("#/definitions/Room");
    expect(() => rewriteRef("#/components/schemas/Nope")).toThrow(/missing component schema/);
    expect(() => rewriteRef("#/components/messages/x")).toThrow(/unsupported \$ref/);
  });

  it("finds referenced components transitively and builds self-contained runtime schemas", () => {
    expect([...referencedComponents(doc, { $ref: "#/components/schemas/Room" })]).toEqual(["Room", "RoomStatus"]);
    const schemas = runtimeSchemas(doc, resolveEvents(doc, []));
    expect(Object.keys(schemas.acks)).toEqual(["room.join"]);
    expect(schemas.acks["room.join"]).toMatchObject({ $ref: "#/definitions/Room", definitions: { Room: {}, RoomStatus: {} } });
  });

  it("builds the event maps' schema with each event's doc, and refuses names TypeScript cannot take", () => {
    const root = eventTypesSchema(doc, resolveEvents(doc, []), "spec.yaml");
    expect(root.definitions.ClientEvents.properties["room.join"].description).toBe("Join a room.\n\nOperation `joinRoom` (`send`).");
    expect(root.definitions.ServerEvents.properties["room.updated"]).toMatchObject({ description: "The room changed.\n\nOperation `onRoomUpdated` (`receive`)." });
    const bad = fixture();
    bad.components.schemas["Not-Ident"] = { type: "string" };
    expect(() => eventTypesSchema(bad, resolveEvents(bad, []), "spec.yaml")).toThrow(/Not-Ident: name is not a valid TypeScript identifier/);
    const clash = fixture();
    clash.components.schemas.ServerEvents = { type: "string" };
    expect(() => eventTypesSchema(clash, resolveEvents(clash, []), "spec.yaml")).toThrow(/clashes with a generated type/);
  });
});

describe("render", () => {
  it("renders events.ts with each event's multi-line JSDoc above it, and schemas.ts carrying schemas.json", async () => {
    const doc = fixture();
    doc.operations.joinRoom.description = "Joins.\nOn failure the ack is an error.";
    doc.operations.joinRoom["x-parley-method"] = "join";
    const model = resolveEvents(doc, []);
    const ts = await renderEventsTs(eventTypesSchema(doc, model, "spec.yaml"), model, "spec.yaml");
    expect(ts).toContain(
      [
        "  /**",
        "   * Join a room.",
        "   *",
        "   * Joins.",
        "   * On failure the ack is an error.",
        "   *",
        "   * Operation `joinRoom` (`send`); SDK method `join`.",
        "   */",
        '  "room.join": {',
      ].join("\n"),
    );
    const { json, ts: schemasTs } = renderSchemas(runtimeSchemas(doc, model), "spec.yaml");
    expect(schemasTs.split("\n")[0]).toBe("// Generated from spec.yaml by parley-codegen. Do not edit.");
    expect(JSON.parse(schemasTs.slice(schemasTs.indexOf("} = ") + 4, schemasTs.lastIndexOf(";")))).toEqual(JSON.parse(json));
  });

  it("documents a property that only points at a component with the component's doc, open objects' extra keys, and the event-name lists", async () => {
    const doc = fixture();
    doc.components.schemas.Room.additionalProperties = true;
    const model = resolveEvents(doc, []);
    const ts = await renderEventsTs(eventTypesSchema(doc, model, "spec.yaml"), model, "spec.yaml");
    expect(ts).toMatch(/\/\*\*\n\s*\* Whether the room is open\.\n\s*\*\/\n\s*status: RoomStatus/);
    expect(ts).toMatch(/\/\*\* The spec leaves this object open: fields beyond those above may be present\. \*\/\n\s*\[k: string\]: unknown/);
    expect(ts).toMatch(/\/\*\* The wire names of the events the client sends \(spec\.yaml `send` operations\), in spec order\. \*\/\nexport const clientEventNames/);
    expect(ts).toMatch(/\/\*\* The wire names of the events the server pushes \(spec\.yaml `receive` operations\), in spec order\. \*\/\nexport const serverEventNames/);
  });

  it("documents each member of openapi-typescript's operations map, and fails on an operation it cannot place", async () => {
    const doc = openapiDoc();
    const ast = await openapiTS(YAML.stringify(doc));
    const operations = resolveOperations(doc);
    documentOperations(ast, operations);
    const ts = astToString(ast);
    const at = ts.indexOf("    sendMessage: {");
    const comment = ts.slice(ts.lastIndexOf("/**", at), at);
    expect(comment).toContain("* Send a message\n     *\n     * Posts one message.\n     *\n     * Second paragraph.");
    expect(comment).toContain("`POST /rooms/{roomId}/messages`; SDK methods `sendMessage`, `sendText`; never sent again once it may have reached the server");
    expect(comment).toContain("@param timeout - (query, optional; integer, 1..30, default `10`) Server wait, in seconds.");
    expect(comment).toContain("@param roomId - (path, required; string, 1..64 characters) Room id.");
    expect(comment).toContain("@param body - (required; `application/json` `Message`) The message.");
    expect(comment).toContain("@returns 201 Stored (`application/json` `Message`).");
    expect(comment).toContain("@throws 404 No such room.");
    expect(comment).toContain("@throws 429 Rate limited (`application/problem+json`). Header `Retry-After` (integer, >= 0): Seconds to wait.");

    const missing = { ...operations[0]!, operationId: "nowhere" };
    expect(() => documentOperations(ast, [missing])).toThrow(/no operations\["nowhere"\]/);
  });
});
