// The spec has exactly the nine operations of the vendor's conversations API (seed 002, "Gerenciar
// conversas") at their real routes, every one documents the 401 and the 429 as problem+json, and
// every operationId `resource.method` is a method of the SDK.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { AgentApi } from "../src/index.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const spec: any = parse(readFileSync(new URL("../../../openapi/agent-api.yaml", import.meta.url), "utf8"));

/** The vendor's routes, with the SDK method for each. */
const ROUTES: [method: string, path: string, operationId: string][] = [
  ["get", "/conversation", "conversations.list"],
  ["get", "/conversation/{idConversation}", "conversations.get"],
  ["get", "/conversation/message/{idConversation}", "messages.list"],
  ["post", "/conversation/create/{botId}", "conversations.create"],
  ["put", "/conversation/update/{convId}", "conversations.updateMeta"],
  ["post", "/conversation/stream/{idConversation}", "chat.stream"],
  ["post", "/conversation/complete/{idConversation}", "chat.complete"],
  ["post", "/conversation/message/feedback/{idmessage}", "feedback.send"],
  ["post", "/conversation/survey/{idconv}", "survey.send"],
];

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const operations: { method: string; path: string; op: any }[] = Object.entries(spec.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => HTTP_METHODS.includes(method))
    .map(([method, op]) => ({ method, path, op })),
);

/** A response, with a `#/components/responses/...` reference resolved. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function resolve(response: any): any {
  const ref: unknown = response?.$ref;
  if (typeof ref !== "string") return response;
  expect(ref.startsWith("#/components/responses/")).toBe(true);
  return spec.components.responses[ref.split("/").pop()!];
}

describe("the spec's operations", () => {
  it("are exactly the nine routes of the vendor's API", () => {
    const found = operations.map(({ method, path, op }) => [method, path, op.operationId]).sort();
    expect(found).toEqual([...ROUTES].sort());
  });

  it("have unique operationIds, each also named by x-parley-method", () => {
    const ids = operations.map(({ op }) => op.operationId as string);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { op } of operations) expect(op["x-parley-method"], op.operationId).toBe(op.operationId);
  });

  it.each(ROUTES)("%s %s (%s) documents 401 and 429 as application/problem+json", (method, path, operationId) => {
    const op = spec.paths[path]?.[method];
    expect(op?.operationId).toBe(operationId);
    for (const status of ["401", "429"]) {
      const response = resolve(op.responses[status]);
      expect(response, `${operationId} ${status}`).toBeDefined();
      const media = response.content?.["application/problem+json"];
      expect(media, `${operationId} ${status} problem+json`).toBeDefined();
      expect(media.schema.$ref).toBe("#/components/schemas/Problem");
      expect(media.example.status).toBe(Number(status));
    }
    // The 429 tells when to retry.
    expect(resolve(op.responses["429"]).headers?.["Retry-After"]).toBeDefined();
  });

  it("every operation requires the bearer API key (global security)", () => {
    expect(spec.security).toEqual([{ apiKey: [] }]);
    expect(spec.components.securitySchemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
    for (const { op } of operations) expect(op.security, op.operationId).toBeUndefined();
  });

  it("chat.stream is the only streamed operation, as raw text/plain", () => {
    const streamed = operations.filter(({ op }) => op["x-parley-stream"]).map(({ op }) => op.operationId);
    expect(streamed).toEqual(["chat.stream"]);
    const stream = spec.paths["/conversation/stream/{idConversation}"].post;
    expect(Object.keys(stream.responses["200"].content)).toEqual(["text/plain"]);
    expect(stream["x-parley-stream"]).toEqual({ contentType: "text/plain", framing: "none" });
  });

  it("chat.complete keeps the vendor's spelling `sendMensages`", () => {
    const schema = spec.components.schemas.ChatCompleteResponse;
    expect(schema.required).toContain("sendMensages");
    expect(Object.keys(schema.properties)).not.toContain("sendMessages");
  });

  it("the list's pagination parameters and fields are the vendor's", () => {
    const params = (spec.paths["/conversation"].get.parameters as { name: string; in: string }[]).map((p) => `${p.in}:${p.name}`);
    expect(params.sort()).toEqual(["query:currentPage", "query:cursor", "query:dateEnd", "query:dateInit", "query:limit", "query:meta", "query:search"]);
    expect(spec.components.schemas.ConversationList.required.sort()).toEqual(["conversations", "currentPage", "total", "totalPages"]);
  });
});

describe("SDK surface", () => {
  it.each(ROUTES.map(([, , id]) => id))("%s is a function on a fresh AgentApi", (operationId) => {
    const api = new AgentApi({ apiKey: "sk-test-coverage" });
    const [resource, method, ...rest] = operationId.split(".");
    expect(rest).toEqual([]);
    const owner = (api as unknown as Record<string, Record<string, unknown> | undefined>)[resource!];
    expect(owner, resource).toBeDefined();
    expect(typeof owner?.[method!], operationId).toBe("function");
  });

  it("every operationId in the spec maps to an SDK method", () => {
    const api = new AgentApi({ apiKey: "sk-test-coverage" }) as unknown as Record<string, Record<string, unknown>>;
    for (const { op } of operations) {
      const [resource, method] = (op.operationId as string).split(".");
      expect(typeof api[resource!]?.[method!], op.operationId).toBe("function");
    }
  });
});
