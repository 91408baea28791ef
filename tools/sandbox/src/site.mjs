// The sandbox's static site on 127.0.0.1: the docs portal at /, the demo at /demo/, and
// /sandbox.json (the mocks' URLs, which the demo reads). Until the build is done every page answers
// 503 with a note to reload, so a browser opened early never sees a half-written file.
import { existsSync, readFileSync, statSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { HOST } from "./mocks.mjs";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const SITES = { "/demo/": path.join(ROOT, "tools/demo/dist"), "/": path.join(ROOT, "tools/docs/dist") };
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".json": "application/json", ".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml" };

/**
 * Listens on `port` (0: a free one). `state.urls` is what /sandbox.json answers; `state.built`
 * false makes every page a 503 "still building". Rejects with the taken-port message.
 * @param {number} port
 * @param {{ urls: Record<string, string>, built: boolean }} state
 * @returns {Promise<import("node:http").Server>}
 */
export function startSite(port, state) {
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    if (!state.built) {
      res.writeHead(503, { "content-type": "text/plain; charset=utf-8", "retry-after": "2", "cache-control": "no-store" });
      return res.end("The sandbox is still building the portal and the demo; reload in a few seconds.\n");
    }
    if (pathname === "/sandbox.json") {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      return res.end(JSON.stringify(state.urls));
    }
    const [prefix, dir] = /** @type {[string, string]} */ (Object.entries(SITES).find(([p]) => pathname === p.slice(0, -1) || pathname.startsWith(p)));
    if (pathname === prefix.slice(0, -1)) {
      res.writeHead(301, { location: prefix });
      return res.end();
    }
    let file = path.join(dir, pathname.slice(prefix.length));
    if (!file.startsWith(dir)) return void res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!existsSync(file)) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      return res.end(existsSync(dir) ? "Not found.\n" : `Not built: run \`npm start\` or \`npm run build\` (missing ${path.relative(ROOT, dir)}).\n`);
    }
    res.writeHead(200, { "content-type": TYPES[/** @type {keyof typeof TYPES} */ (path.extname(file))] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  server.keepAliveTimeout = 1000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, HOST, () => resolve(server));
  });
}
