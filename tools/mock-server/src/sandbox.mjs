// The sandbox `npm start` runs: every API's mock, plus one static server for the docs portal (/),
// the demo page (/demo/) and /sandbox.json (the mocks' URLs, read by the demo). All on 127.0.0.1.
import { existsSync, readFileSync, statSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { MOCKS, ROOT, startMock } from "./index.mjs";
import { HOST, assertPortFree, listen } from "./net.mjs";

const SITES = { "/demo/": path.join(ROOT, "tools/demo/dist"), "/": path.join(ROOT, "tools/docs/dist") };
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".json": "application/json", ".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml" };

/**
 * Starts the mocks (headless on `port + 10`, agent-api on `port + 20`, web-chat on `port + 30`, conversation on `port + 40`) and the site on
 * `port`. With `port: 0` every server takes a free port. Stops everything if any start fails.
 */
export async function startSandbox({ port = 4000, delayMs = 30 } = {}) {
  const running = [];
  try {
    const names = MOCKS;
    for (let i = 0; i < names.length; i++) {
      const mockPort = port === 0 ? undefined : port + 10 * (i + 1);
      // The web chat's agent answers at a human pace in the sandbox.
      const delay = names[i] === "web-chat" ? Math.max(delayMs, 500) : names[i] === "conversation" ? 0 : delayMs;
      running.push({ name: names[i], ...(await startMock(names[i], { port: mockPort, delayMs: delay })) });
    }
    if (port !== 0) await assertPortFree(port);
    const urls = Object.fromEntries(running.map((m) => [m.name, m.url]));
    const site = await startSite(port, urls);
    const url = `http://${HOST}:${site.address().port}`;
    return {
      url,
      mocks: running,
      stop: async () => {
        site.closeAllConnections();
        await new Promise((resolve) => site.close(() => resolve()));
        await Promise.all(running.map((m) => m.stop()));
      },
    };
  } catch (error) {
    await Promise.all(running.map((m) => m.stop()));
    throw error;
  }
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
