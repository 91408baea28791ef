import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { generate } from "../src/asyncapi.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../../..");
const fixture = path.join(here, "fixture.asyncapi.yaml");
const tsc = path.join(repoRoot, "node_modules/typescript/bin/tsc");

let dir: string;
let events: string;
let schemas: { client: Record<string, object>; acks: Record<string, object>; server: Record<string, object> };

function typecheck(files: string[], extra: string[] = []): void {
  execFileSync(
    process.execPath,
    [tsc, "--noEmit", "--strict", "--noUncheckedIndexedAccess", "--skipLibCheck",
      "--module", "nodenext", "--moduleResolution", "nodenext", ...extra, ...files],
    { encoding: "utf8", stdio: "pipe" },
  );
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "parley-codegen-"));
  await generate(fixture, dir);
  events = readFileSync(path.join(dir, "events.ts"), "utf8");
  schemas = JSON.parse(readFileSync(path.join(dir, "schemas.json"), "utf8"));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("events.ts", () => {
  it("starts with the generated-file header", () => {
    expect(events.split("\n")[0]).toBe(
      "// Generated from tools/codegen/test/fixture.asyncapi.yaml by parley-codegen. Do not edit.",
    );
  });

  it("exports one type per component schema, named exactly like the schema", () => {
    expect(events).toMatch(/^export type RoomStatus = \("open" \| "closed"\)$/m);
    expect(events).toMatch(/^export interface JoinRequest \{$/m);
    expect(events).toMatch(/^export interface Room \{$/m);
    // `title: Status of a room` must not rename the type
    expect(events).not.toMatch(/StatusOfARoom/);
    // nullable field, property literally called "title", JSDoc from descriptions
    expect(events).toMatch(/topic: \(string \| null\)/);
    expect(events).toMatch(/title\?: string/);
    expect(events).toContain("* A chat room.");
    // open object vs additionalProperties: false
    const room = events.slice(events.indexOf("export interface Room {"));
    expect(room.slice(0, room.indexOf("\n}"))).toContain("[k: string]: unknown | undefined");
    const join = events.slice(events.indexOf("export interface JoinRequest {"));
    expect(join.slice(0, join.indexOf("\n}"))).not.toContain("[k: string]");
    expect(events).not.toMatch(/\bany\b/);
    expect(events).not.toContain("ParleyCodegenRoot");
  });

  it("maps send operations to ClientEvents with their ack", () => {
    expect(events).toMatch(/"room\.join": \{\n\s+payload: JoinRequest\n\s+ack: Room\n\s+\}/);
    expect(events).toMatch(/"room\.typing": \{\n\s+payload: \{\n\s+typing: boolean\n\s+\}\n\s+ack: never\n\s+\}/);
    expect(events).not.toContain('"room.join.ack"');
  });

  it("maps receive operations to ServerEvents and x-parley-client-events to SdkEvents", () => {
    expect(events).toMatch(/export interface ServerEvents \{[^}]*"room\.updated": Room\n\}/);
    expect(events).toMatch(/export interface SdkEvents \{[^}]*ready: Room\n\s+error: \("network" \| "auth"\)\n\}/);
    expect(events).toContain('export const clientEventNames = [\n  "room.join",\n  "room.typing",\n] as const;');
    expect(events).toContain('export const serverEventNames = [\n  "room.updated",\n] as const;');
  });

  it("type-checks under strict + noUncheckedIndexedAccess (+ verbatimModuleSyntax in ESM)", () => {
    const probe = path.join(dir, "probe.ts");
    writeFileSync(
      probe,
      [
        'import type { ClientEvents, ServerEvents, SdkEvents, Room } from "./events.js";',
        'import { clientEventNames, serverEventNames } from "./events.js";',
        'import { schemas } from "./schemas.js";',
        'const ack: ClientEvents["room.join"]["ack"] = { id: "r", status: "open", topic: null };',
        'const noAck: [ClientEvents["room.typing"]["ack"]] extends [never] ? true : false = true;',
        'const pushed: ServerEvents["room.updated"] = ack satisfies Room;',
        'const err: SdkEvents["error"] = "auth";',
        '// @ts-expect-error not in the enum',
        'const bad: SdkEvents["error"] = "nope";',
        'const names: readonly ("room.join" | "room.typing")[] = clientEventNames;',
        'const s: readonly "room.updated"[] = serverEventNames;',
        'const client: object | undefined = schemas.client["room.join"];',
        "export { ack, noAck, pushed, err, bad, names, s, client };",
      ].join("\n"),
    );
    // The exact command from the brief (no package.json: files are CommonJS-ish)...
    typecheck([path.join(dir, "events.ts"), path.join(dir, "schemas.ts")]);
    // ...and as ES modules with verbatimModuleSyntax, the way packages/* compile.
    writeFileSync(path.join(dir, "package.json"), '{ "type": "module" }\n');
    try {
      typecheck([path.join(dir, "events.ts"), path.join(dir, "schemas.ts"), probe], ["--verbatimModuleSyntax"]);
    } finally {
      rmSync(path.join(dir, "package.json"));
    }
  });
});

describe("schemas.json", () => {
  const ajv = new Ajv({ strict: false, allErrors: true });

  it("has client, acks and server maps keyed by wire event name", () => {
    expect(Object.keys(schemas.client)).toEqual(["room.join", "room.typing"]);
    expect(Object.keys(schemas.acks)).toEqual(["room.join"]);
    expect(Object.keys(schemas.server)).toEqual(["room.updated"]);
    expect(JSON.stringify(schemas)).not.toMatch(/"x-|#\/components\//);
  });

  it("validates good payloads and rejects bad ones", () => {
    const join = ajv.compile(schemas.client["room.join"]!);
    expect(join({ roomId: "r1" })).toBe(true);
    expect(join({ roomId: "" })).toBe(false);
    expect(join({ roomId: "r1", extra: 1 })).toBe(false);

    const ack = ajv.compile(schemas.acks["room.join"]!);
    expect(ack({ id: "r1", status: "open", topic: null })).toBe(true);
    expect(ack({ id: "r1", status: "open", topic: "x", more: true })).toBe(true);
    expect(ack({ id: "r1", status: "ajar", topic: null })).toBe(false);
    expect(ack({ id: "r1", status: "open" })).toBe(false);

    const updated = ajv.compile(schemas.server["room.updated"]!);
    expect(updated({ id: "r1", status: "closed", topic: "hi" })).toBe(true);
    expect(updated({ id: 1, status: "closed", topic: "hi" })).toBe(false);

    const typing = ajv.compile(schemas.client["room.typing"]!);
    expect(typing({ typing: true })).toBe(true);
    expect(typing({ typing: "yes" })).toBe(false);
  });

  it("schemas.ts carries the same JSON", () => {
    const ts = readFileSync(path.join(dir, "schemas.ts"), "utf8");
    const literal = ts.slice(ts.indexOf("} = ") + 4, ts.lastIndexOf(";"));
    expect(JSON.parse(literal)).toEqual(schemas);
  });
});

describe("component aliases", () => {
  it("emits `type X = Y` for a component that is only a $ref", async () => {
    const spec = YAML.parse(readFileSync(fixture, "utf8"));
    spec.components.schemas.RoomAlias = { $ref: "#/components/schemas/Room", description: "Same as Room." };
    spec.channels.socket.messages["room.updated"].payload = { $ref: "#/components/schemas/RoomAlias" };
    const file = path.join(dir, "alias.asyncapi.yaml");
    writeFileSync(file, YAML.stringify(spec));
    const out = path.join(dir, "alias-out");
    await generate(file, out);
    const ts = readFileSync(path.join(out, "events.ts"), "utf8");
    expect(ts).toMatch(/^export type RoomAlias = Room$/m);
    expect(ts).toMatch(/"room\.updated": RoomAlias/);
    typecheck([path.join(out, "events.ts")]);
  });
});

describe("invalid specs", () => {
  it("rejects with the parser's diagnostic path", async () => {
    const spec = YAML.parse(readFileSync(fixture, "utf8"));
    spec.operations.sendTyping.channel = { $ref: "#/channels/missing" };
    const bad = path.join(dir, "bad.asyncapi.yaml");
    writeFileSync(bad, YAML.stringify(spec));
    await expect(generate(bad, path.join(dir, "bad-out"))).rejects.toThrow(
      /\/operations\/sendTyping\/channel/,
    );
  });
});
