// One OpenAPI 3.1 spec as the HTTP layer needs it: which operation a request is (by method and
// path template), and whether a request or a response keeps to the operation's schemas. Ajv
// (JSON Schema 2020-12, the dialect of OpenAPI 3.1) checks the bodies and the parameters.
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "yaml";

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];
const JSON_TYPE = /^application\/(.+\+)?json\b/i;

/**
 * @typedef {{ method: string, template: string, operationId: string, op: any,
 *   pattern: RegExp, names: string[] }} Route
 * @typedef {{ path: string, message: string }} Problem
 */

/** Loads `file` and compiles its routes and validators. */
export function loadSpec(file) {
  const spec = parse(readFileSync(file, "utf8"));
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ $id: "spec", components: spec.components ?? {} });
  const compiled = new Map();
  /** A validator for a schema of the spec; `#/components/...` refs resolve in the registered copy. */
  const validator = (schema) => {
    const key = JSON.stringify(schema);
    if (!compiled.has(key)) compiled.set(key, ajv.compile(JSON.parse(key.replaceAll('"$ref":"#/', '"$ref":"spec#/'))));
    return compiled.get(key);
  };
  /** A component reference (`#/components/responses/X`) resolved to its object. */
  const resolve = (node) => {
    if (!node?.$ref) return node;
    return node.$ref.slice(2).split("/").reduce((at, key) => at?.[key], spec);
  };

  /** @type {Route[]} */
  const routes = [];
  for (const [template, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op?.operationId) continue;
      const names = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const source = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{[^}]+\\?\}/g, "([^/]+)");
      const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(resolve);
      routes.push({ method: method.toUpperCase(), template, operationId: op.operationId, op: { ...op, parameters }, pattern: new RegExp(`^${source}$`), names });
    }
  }
  // Literal segments beat parameters: /chats/{chatId}/media before a looser match.
  routes.sort((a, b) => b.template.replace(/\{[^}]+\}/g, "").length - a.template.replace(/\{[^}]+\}/g, "").length);

  return {
    spec,
    routes,
    /** The route of `method pathname` (pathname below the base path) and its path parameters. */
    match(method, pathname) {
      for (const route of routes) {
        if (route.method !== method) continue;
        const found = route.pattern.exec(pathname);
        if (!found) continue;
        const params = {};
        route.names.forEach((name, i) => (params[name] = safeDecode(found[i + 1])));
        return { route, params };
      }
      return undefined;
    },
    /**
     * What in the request breaks the operation: path and query parameters, the bearer token the
     * security scheme wants, and the JSON body. Multipart bodies are checked for their type only.
     * @returns {Problem[]}
     */
    checkRequest(route, { params, query, headers, body }) {
      const problems = [];
      for (const parameter of route.op.parameters) {
        if (parameter.in !== "path" && parameter.in !== "query") continue;
        const raw = parameter.in === "path" ? params[parameter.name] : query.getAll(parameter.name);
        const present = parameter.in === "path" ? raw !== undefined : raw.length > 0;
        if (!present) {
          if (parameter.required) problems.push({ path: `${parameter.in}.${parameter.name}`, message: "is required" });
          continue;
        }
        const value = coerce(parameter.schema ?? {}, parameter.in === "path" ? [raw] : raw);
        const validate = validator(parameter.schema ?? {});
        if (!validate(value)) problems.push(...errorsOf(validate, `${parameter.in}.${parameter.name}`));
      }
      const secured = (route.op.security ?? spec.security ?? []).length > 0 && !(route.op.security ?? spec.security).some((s) => Object.keys(s).length === 0);
      if (secured && !/^Bearer \S+/.test(headers.authorization ?? "")) problems.push({ path: "header.authorization", message: "must carry a bearer token (the operation's security)" });
      const requestBody = resolve(route.op.requestBody);
      const type = (headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
      if (!requestBody) return problems;
      if (body.length === 0) {
        if (requestBody.required) problems.push({ path: "body", message: "is required" });
        return problems;
      }
      const media = requestBody.content?.[type];
      if (!media) return [...problems, { path: "header.content-type", message: `must be one of ${Object.keys(requestBody.content ?? {}).join(", ")}, got "${type}"` }];
      if (!JSON_TYPE.test(type) || !media.schema) return problems;
      let json;
      try {
        json = JSON.parse(body.toString("utf8"));
      } catch {
        return [...problems, { path: "body", message: "is not valid JSON" }];
      }
      const validate = validator(media.schema);
      if (!validate(json)) problems.push(...errorsOf(validate, "body"));
      return problems;
    },
    /**
     * What in the response breaks the operation: an undocumented status, an undeclared content
     * type, a JSON body that does not match its schema.
     * @returns {Problem[]}
     */
    checkResponse(route, { status, headers, body }) {
      const responses = route.op.responses ?? {};
      const response = resolve(responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default);
      if (!response) return [{ path: "status", message: `${status} is not a documented response of ${route.operationId}` }];
      const content = response.content ?? {};
      if (Object.keys(content).length === 0) return body.length === 0 ? [] : [{ path: "body", message: `must be empty for ${status}` }];
      const type = String(headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
      // A binary response (application/octet-stream in the spec) is served as the stored file's own type.
      const media = content[type] ?? (!JSON_TYPE.test(type) && type !== "" ? content["application/octet-stream"] : undefined);
      if (!media) return [{ path: "header.content-type", message: `must be one of ${Object.keys(content).join(", ")}, got "${type}"` }];
      if (!JSON_TYPE.test(type) || !media.schema) return [];
      let json;
      try {
        json = JSON.parse(body.toString("utf8"));
      } catch {
        return [{ path: "body", message: "is not valid JSON" }];
      }
      const validate = validator(media.schema);
      return validate(json) ? [] : errorsOf(validate, "body");
    },
    /** The documented problem example for `status` of the operation, for faults without a body. */
    problemExample(route, status) {
      const responses = route.op.responses ?? {};
      const media = resolve(responses[String(status)])?.content?.["application/problem+json"];
      return media?.example ?? Object.values(media?.examples ?? {})[0]?.value;
    },
    /** The example of a JSON response of the operation (the seed data the stateful handlers start from). */
    example(route, status) {
      const media = resolve(route.op.responses?.[String(status)])?.content?.["application/json"];
      return structuredClone(media?.example ?? Object.values(media?.examples ?? {})[0]?.value);
    },
  };
}

/** Query values are strings on the wire: typed as the parameter's schema says before checking. */
function coerce(schema, values) {
  const one = (text, type) => {
    if (type === "integer" || type === "number") return text.trim() === "" || Number.isNaN(Number(text)) ? text : Number(text);
    if (type === "boolean") return text === "true" ? true : text === "false" ? false : text;
    return text;
  };
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  if (type === "array") return values.flatMap((v) => v.split(",")).map((v) => one(v, schema.items?.type));
  return one(values[0], type);
}

function errorsOf(validate, at) {
  return (validate.errors ?? []).map((e) => ({ path: `${at}${e.instancePath.replaceAll("/", ".")}`, message: e.message ?? "is invalid" }));
}

function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
