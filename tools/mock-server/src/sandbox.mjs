// The sandbox `npm start` runs: every API's mock, plus one static server for the docs portal (/),
// the demo page (/demo/), /favicon.svg and /sandbox.json (the mocks' URLs, read by the demo). All
// on 127.0.0.1.
import { existsSync, readFileSync, statSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { MOCKS, startMock } from "@parley/mock";

const HOST = "127.0.0.1";
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

const SITES = { "/demo/": path.join(ROOT, "tools/demo/dist"), "/": path.join(ROOT, "tools/docs/dist") };
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".json": "application/json", ".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml" };

/**
 * Starts the site on `port` and the mocks (headless on `port + 10`, agent-api on `port + 20`,
 * web-chat on `port + 30`, conversation on `port + 40`), all at once. With `port: 0` every server
 * takes a free port. Every port is checked before anything starts, so a taken one is named as it
 * is; a failed start stops everything that did start.
 */
export async function startSandbox({ port = 4000, delayMs = 30 } = {}) {
  const portOf = (i) => (port === 0 ? undefined : port + 10 * (i + 1));
  if (port !== 0) for (const p of [port, ...MOCKS.map((_, i) => portOf(i))]) await assertPortFree(p);
  const urls = {};
  const site = await startSite(port, urls);
  const url = `http://${HOST}:${site.address().port}`;
  const stopSite = async () => {
    site.closeAllConnections();
    await new Promise((resolve) => site.close(() => resolve()));
  };
  // The web chat's agent answers at a human pace in the sandbox; conversation notifies at once.
  const delayOf = (name) => (name === "web-chat" ? Math.max(delayMs, 500) : name === "conversation" ? 0 : delayMs);
  const started = await Promise.allSettled(
    MOCKS.map((name, i) => startMock(name, { port: portOf(i) ?? 0, delayMs: delayOf(name), docsUrl: `${url}/${name}.html` }).then((m) => ({ name, ...m, stop: () => m.close(), pid: "prism" in m ? m.prism.pid : m.pid }))),
  );
  const running = started.filter((r) => r.status === "fulfilled").map((r) => r.value);
  const failed = started.find((r) => r.status === "rejected");
  if (failed) {
    await Promise.all([...running.map((m) => m.stop()), stopSite()]);
    throw failed.reason;
  }
  for (const m of running) urls[m.name] = m.url;
  return {
    url,
    mocks: running,
    stop: async () => {
      await stopSite();
      await Promise.all(running.map((m) => m.stop()));
    },
  };
}

function startSite(port, urls) {
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (pathname === "/sandbox.json") {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      return res.end(JSON.stringify(urls));
    }
    const [prefix, dir] = Object.entries(SITES).find(([p]) => pathname === p.slice(0, -1) || pathname.startsWith(p));
    if (pathname === prefix.slice(0, -1)) {
      res.writeHead(301, { location: prefix });
      return res.end();
    }
    let file = path.join(dir, pathname.slice(prefix.length));
    if (!file.startsWith(dir)) return void res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!existsSync(file)) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      return res.end(existsSync(dir) ? "Not found." : `Not built yet: run \`npm run build\` (missing ${path.relative(ROOT, dir)}).`);
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  server.keepAliveTimeout = 1000;
  return listen(server, port);
}

function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once("error", (error) => reject(error.code === "EADDRINUSE" ? taken(port) : error));
    server.listen(port, HOST, () => resolve(server));
  });
}

function assertPortFree(port) {
  return listen(net.createServer(), port).then((server) => new Promise((resolve) => server.close(() => resolve())));
}

const taken = (port) =>
  new Error(`Port ${port} on ${HOST} is already in use (another sandbox or mock?). Choose free ports with --port: \`npm start -- --port 5000\` (the mocks take 5010-5040).`);
