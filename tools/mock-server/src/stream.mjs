// The streaming half of an OpenAPI mock: Prism cannot stream, so operations marked
// `x-parley-stream` are answered here, from the spec itself: the request is checked against the
// operation's security and body schema, and the 200 example is sent as chunked text/plain, token by
// token. Tests script faults per path id through a control endpoint:
//
//   POST /__mock/stream/{id}   body: one behaviour, used by the next stream request on that id
//     { "status": 429, "retryAfter": 1 }   answer with the spec's problem example for that status
//     { "cutAfter": 5 }                    send 5 tokens, then drop the connection
//     { "stallAfter": 5 }                  send 5 tokens, then go silent until the client leaves
//     { "chunkBytes": 3 }                  send the bytes in 3-byte chunks (splits UTF-8 characters)
//     { "text": "...", "delayMs": 0 }      stream this text, with this delay between tokens
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse } from "yaml";

const CONTROL = /^\/__mock\/stream\/([^/?]+)$/;

/** Builds a `handle(req, res)` for `startPrism` that serves the spec's stream operations. */
export function streamHandler(specPath, { delayMs = 2 } = {}) {
  const spec = parse(readFileSync(specPath, "utf8"));
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema({ $id: "spec", components: spec.components });
  const routes = [];
  for (const [template, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!op?.["x-parley-stream"]) continue;
      const bodySchema = op.requestBody?.content?.["application/json"]?.schema;
      routes.push({
        method: method.toUpperCase(),
        pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, "([^/?]+)")}(\\?.*)?$`),
        example: op.responses["200"].content["text/plain"].example,
        validate: bodySchema ? ajv.compile(rewriteRefs(bodySchema)) : () => true,
        problems: problemExamples(spec, op),
      });
    }
  }
  const scripts = new Map(); // path id -> queued behaviours

  return (req, res) => {
    const control = CONTROL.exec(req.url);
    if (control && req.method === "POST") {
      readBody(req).then((text) => {
        const queue = scripts.get(control[1]) ?? [];
        queue.push(JSON.parse(text || "{}"));
        scripts.set(control[1], queue);
        res.writeHead(204).end();
      });
      return true;
    }
    for (const route of routes) {
      const match = req.method === route.method && route.pattern.exec(req.url);
      if (!match) continue;
      const id = decodeURIComponent(match[1]);
      const behaviour = scripts.get(id)?.shift() ?? {};
      readBody(req).then((text) => serve(route, behaviour, req, res, text, delayMs));
      return true;
    }
    return false;
  };
}

// Like Prism's (which answers the preflights): the sandbox's demo page calls from another origin.
const CORS = { "access-control-allow-origin": "*", "access-control-expose-headers": "*" };

async function serve(route, behaviour, req, res, text, defaultDelay) {
  const problem = (status, detail, headers = {}) => {
    const example = route.problems[status] ?? { type: "about:blank", title: "Error", status };
    res.writeHead(status, { ...CORS, "content-type": "application/problem+json", ...headers });
    res.end(JSON.stringify({ ...example, ...(detail ? { detail } : {}), instance: req.url.split("?")[0] }));
  };
  if (!/^Bearer \S+/.test(req.headers.authorization ?? "")) return problem(401);
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return problem(422, "The body is not valid JSON.");
  }
  if (!route.validate(body)) return problem(422, route.validate.errors.map((e) => `${e.instancePath || "body"} ${e.message}`).join("; "));
  if (behaviour.status) {
    const headers = behaviour.retryAfter !== undefined ? { "retry-after": String(behaviour.retryAfter) } : {};
    return problem(behaviour.status, undefined, headers);
  }

  const answer = Buffer.from(behaviour.text ?? route.example, "utf8");
  const chunks = behaviour.chunkBytes
    ? Array.from({ length: Math.ceil(answer.length / behaviour.chunkBytes) }, (_, i) => answer.subarray(i * behaviour.chunkBytes, (i + 1) * behaviour.chunkBytes))
    : (answer.toString("utf8").match(/\S+\s*|\s+/g) ?? []).map((t) => Buffer.from(t, "utf8"));
  const delay = behaviour.delayMs ?? defaultDelay;
  res.writeHead(200, { ...CORS, "content-type": "text/plain; charset=utf-8", "cache-control": "no-cache" });
  res.flushHeaders();
  let gone = false;
  res.on("close", () => (gone = true));
  for (let i = 0; i < chunks.length && !gone; i++) {
    if (behaviour.cutAfter === i) return req.socket.destroy();
    if (behaviour.stallAfter === i) return; // silent until the client goes away
    res.write(chunks[i]);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
  }
  if (!gone) res.end();
}

function readBody(req) {
  return new Promise((resolve) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (c) => (text += c));
    req.on("end", () => resolve(text));
  });
}

/** `#/components/...` refs point into the "spec" schema registered with ajv. */
function rewriteRefs(schema) {
  return JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/', '"$ref":"spec#/'));
}

/** The problem example of each error status the operation documents. */
function problemExamples(spec, op) {
  const out = {};
  for (const [status, response] of Object.entries(op.responses)) {
    const resolved = response.$ref ? spec.components.responses[response.$ref.split("/").pop()] : response;
    const media = resolved?.content?.["application/problem+json"];
    const example = media?.example ?? Object.values(media?.examples ?? {})[0]?.value;
    if (example) out[status] = example;
  }
  return out;
}
