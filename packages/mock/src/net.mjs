// Listening on the loopback, shared by every mock: a taken port is reported, never replaced, and a
// bare mock URL answers with a hint instead of a 404; the mock's spec is served beside it.
import { readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";

export const HOST = "127.0.0.1";

const taken = (port, host) =>
  new Error(`Port ${port} on ${host} is already in use (another sandbox or mock?). Choose a free port with the --port option (\`parley-mock <api> --port 5010\`), or \`startMock(api, { port: 0 })\` for any free port.`);

/**
 * Listens on `host:port` (port 0: the OS picks a free one, with no window for a race). With
 * `hint`, GET / (and GET `hint.basePath`) answers what this server is: see answerRoot().
 * @param {import("node:http").Server | import("node:net").Server} server
 * @param {number} port
 * @param {string} [host]
 * @param {{ api: string, spec: string, specFile: string, basePath?: string, docsUrl?: string, scheme?: "http" | "ws" }} [hint]
 */
export function listen(server, port, host = HOST, hint) {
  if (hint) answerRoot(server, hint);
  return new Promise((resolve, reject) => {
    server.once("error", (/** @type {NodeJS.ErrnoException} */ error) => reject(error.code === "EADDRINUSE" ? taken(port, host) : error));
    server.listen(port, host, () => resolve(server));
  });
}

/** A free TCP port on 127.0.0.1, for a child process that must be told one (Prism). */
export function freePort() {
  return listen(net.createServer().unref(), 0).then(
    (server) => new Promise((resolve) => {
      const { port } = server.address();
      server.close(() => resolve(port));
    }),
  );
}

/** Fails with a clear message when `port` is already taken on 127.0.0.1. */
export function assertPortFree(port) {
  return listen(net.createServer(), port).then((server) => new Promise((resolve) => server.close(() => resolve())));
}

/**
 * Puts a hint in front of the server's request handlers: GET or HEAD on `/` or the bare base path
 * answers the API's name, base URL, spec (its name in the package, and `specUrl`, where this server
 * serves the file: `/<file name>`, e.g. /headless.yaml) and docs link, as HTML for a browser, JSON
 * otherwise. Everything else goes to the handlers as before.
 * @param {import("node:http").Server | import("node:net").Server} server
 * @param {{ api: string, spec: string, specFile: string, basePath?: string, docsUrl?: string, scheme?: "http" | "ws" }} hint
 */
function answerRoot(server, { api, spec, specFile, basePath = "", docsUrl, scheme = "http" }) {
  const handlers = server.listeners("request");
  server.removeAllListeners("request");
  const specPath = `/${path.basename(specFile)}`;
  server.on("request", (req, res) => {
    const pathname = (req.url ?? "/").split("?")[0];
    const read = req.method === "GET" || req.method === "HEAD";
    if (read && pathname === specPath) {
      res.writeHead(200, { "content-type": "application/yaml; charset=utf-8", "access-control-allow-origin": "*" });
      return res.end(req.method === "HEAD" ? undefined : readFileSync(specFile));
    }
    const isRoot = read && (pathname === "/" || (basePath !== "" && (pathname === basePath || pathname === `${basePath}/`)));
    if (!isRoot) return handlers.forEach((handler) => handler.call(server, req, res));
    // A WebSocket API's base URL is a ws:// one: that is what its client is given.
    const host = req.headers.host ?? `${HOST}:${/** @type {import("node:net").AddressInfo} */ (server.address()).port}`;
    const baseUrl = `${scheme}://${host}${basePath}`;
    const specUrl = `http://${host}${specPath}`;
    const body = { api, baseUrl, spec, specUrl, docs: docsUrl ?? null, hint: `This is Parley's ${api} mock. Point the SDK at baseUrl; the spec (specUrl) and docs list every operation.` };
    if (/text\/html/.test(req.headers.accept ?? "")) {
      const link = (href) => `<a href="${href}">${href}</a>`;
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "access-control-allow-origin": "*" });
      res.end(`<!doctype html><meta charset="utf-8"><title>${api} mock</title><h1>Parley's ${api} mock</h1><p>Base URL: <code>${baseUrl}</code></p><p>Spec: ${link(specUrl)} (<code>${spec}</code>)</p>${docsUrl ? `<p>Docs: ${link(docsUrl)}</p>` : ""}\n`);
      return;
    }
    res.writeHead(200, { "content-type": "application/json", "access-control-allow-origin": "*" });
    res.end(JSON.stringify(body));
  });
}
