// The specs and event schemas this package carries (copied in by its build from the repository's
// openapi/ and the codegen output), so an installed mock reads nothing outside itself.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const DIR = fileURLToPath(new URL("../dist/specs/", import.meta.url));

/** Every API a mock exists for, with its spec file (under dist/specs/) and, for HTTP, its base path. */
export const APIS = {
  headless: { kind: "http", spec: "headless.yaml", basePath: "/api/v2" },
  "agent-api": { kind: "http", spec: "agent-api.yaml", basePath: "" },
  "web-chat": { kind: "realtime", spec: "web-chat.asyncapi.yaml", schemas: "web-chat.schemas.json" },
  conversation: { kind: "realtime", spec: "conversation.asyncapi.yaml", schemas: "conversation.schemas.json" },
};

/** The absolute path of a bundled file; a missing one names the build that makes it. */
export function bundled(file) {
  const full = DIR + file;
  if (!existsSync(full)) throw new Error(`@parley/mock: ${file} is missing from ${DIR}; in the Parley repository run \`npm run build -w @parley/mock\`.`);
  return full;
}

/** How the hint at GET / names a spec: where it is in the installed package. */
export const specName = (file) => `@parley/mock/dist/specs/${file}`;
