// The build of @parley/mock: copies the specs it serves and the event schemas codegen made from
// them into dist/specs/, and codegen's types of those specs into dist/types/ (as declarations: the
// mocks' .d.ts import them), so the published package reads nothing outside itself.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const root = path.resolve(pkg, "../..");
const out = path.join(pkg, "dist/specs");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const files = {
  "headless.yaml": "openapi/headless.yaml",
  "agent-api.yaml": "openapi/agent-api.yaml",
  "web-chat.asyncapi.yaml": "openapi/web-chat.asyncapi.yaml",
  "conversation.asyncapi.yaml": "openapi/conversation.asyncapi.yaml",
  "web-chat.schemas.json": "packages/web-chat/src/generated/schemas.json",
  "conversation.schemas.json": "packages/conversation/src/generated/schemas.json",
};
for (const [name, from] of Object.entries(files)) copyFileSync(path.join(root, from), path.join(out, name));
console.log(`dist/specs/: ${Object.keys(files).join(", ")}`);

const typesOut = path.join(pkg, "dist/types");
rmSync(typesOut, { recursive: true, force: true });
mkdirSync(typesOut, { recursive: true });
const types = {
  "headless.d.ts": "packages/headless/src/generated/schema.ts",
  "agent-api.d.ts": "packages/agent-api/src/generated/schema.ts",
  "web-chat.d.ts": "packages/web-chat/src/generated/events.ts",
  "conversation.d.ts": "packages/conversation/src/generated/events.ts",
};
for (const [name, from] of Object.entries(types)) {
  // Codegen's files hold types only, but for the event-name lists: those become declared tuples.
  const text = readFileSync(path.join(root, from), "utf8").replace(/^export const (\w+) = (\[[^\]]*\]) as const;$/gm, "export declare const $1: readonly $2;");
  if (/^export (const|let|function|class) /m.test(text)) throw new Error(`${from} holds runtime code: it cannot ship as ${name}`);
  writeFileSync(path.join(typesOut, name), text);
}
console.log(`dist/types/: ${Object.keys(types).join(", ")}`);
