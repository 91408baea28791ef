// Builds the docs portal into tools/docs/dist/: one Redoc reference page per API in redocly.yaml
// (OpenAPI and AsyncAPI alike, `--inlineBundle` so it works offline), an index page with a card
// per API (its package, version, install line, one operation and its example from examples/), and
// manifest.json, which the browser tests count rendered operations against. Nothing a page loads
// leaves the machine: Redoc's attribution logo (on cdn.redoc.ly) is replaced by a local wordmark.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { parse } from "yaml";

const run = promisify(execFile);
const redocly = path.join(path.dirname(createRequire(import.meta.url).resolve("@redocly/cli/package.json")), "bin/cli.js");
const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1d2330"/><path d="M7 9h18v11H15l-6 5v-5H7z" fill="#9cc3ff"/></svg>\n`;
// Redoc's footer says "API docs by" and shows Redocly's logo from its CDN: a local wordmark keeps the credit offline.
// Its link (https://redocly.com/redoc/) stays on purpose: it credits the open-source renderer, makes
// no request (the browser test checks nothing leaves the machine), and only opens when followed online.
const REDOCLY_WORDMARK = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 16"><text x="0" y="13" font-family="system-ui,sans-serif" font-size="13" font-weight="700" fill="#ef4136">Redocly</text></svg>\n`;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const out = path.join(root, "tools/docs/dist");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const apis = parse(readFileSync(path.join(root, "redocly.yaml"), "utf8")).apis;
// One redocly process per API, all at once: the build's slowest step, and independent per API.
const manifest = await Promise.all(
  Object.entries(apis).map(async ([name, entry]) => {
    const spec = parse(readFileSync(path.join(root, entry.root), "utf8"));
    const page = path.join(out, `${name}.html`);
    await run(process.execPath, [redocly, "build-docs", name, "--inlineBundle", "-o", page], {
      cwd: root,
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    }).catch((error) => {
      console.error(error.stdout, error.stderr);
      process.exit(1);
    });
    writeFileSync(page, hashLinks(offline(readFileSync(page, "utf8"))));
    const pkgDir = path.join(root, "packages", entry["x-parley-package"] ?? name);
    const pkg = existsSync(path.join(pkgDir, "package.json")) ? JSON.parse(readFileSync(path.join(pkgDir, "package.json"), "utf8")) : undefined;
    const example = path.join(root, "examples", `${name}.ts`);
    const operations = spec.asyncapi ? asyncOperations(spec) : httpOperations(spec);
    console.log(`${name}: ${operations.length} operations -> ${name}.html`);
    return {
      name,
      title: spec.info.title,
      version: spec.info.version,
      kind: spec.asyncapi ? "AsyncAPI" : "OpenAPI",
      summary: firstParagraph(spec.info.description ?? ""),
      operations: operations.map((op) => op.id),
      featured: operations[0],
      reference: `${name}.html`,
      package: pkg && { name: pkg.name, version: pkg.version, description: pkg.description },
      example: existsSync(example) ? `examples/${name}.ts` : undefined,
      usage: existsSync(example) ? readFileSync(example, "utf8").trimEnd() : "",
    };
  }),
);
writeFileSync(path.join(out, "favicon.svg"), FAVICON);
writeFileSync(path.join(out, "redocly-logo.svg"), REDOCLY_WORDMARK);
writeFileSync(path.join(out, "manifest.json"), JSON.stringify(manifest, null, 2));
writeFileSync(path.join(out, "index.html"), indexPage(manifest));
console.log(`portal: ${path.relative(root, out)}/index.html`);

/** Every operation: its id, and what the card shows (method and path, or action and channel). */
/** @param {any} spec an OpenAPI 3.1 document as parsed YAML */
function httpOperations(spec) {
  return Object.entries(spec.paths ?? {}).flatMap(([route, item]) =>
    ["get", "put", "post", "delete", "patch", "options", "head"]
      .filter((m) => item[m])
      .map((m) => ({ id: item[m].operationId, call: `${m.toUpperCase()} ${route}`, summary: item[m].summary ?? "" })),
  );
}

/** @param {any} spec an AsyncAPI 3.0 document as parsed YAML */
function asyncOperations(spec) {
  return Object.entries(spec.operations ?? {}).map(([id, op]) => ({
    id,
    call: `${op.action} ${spec.channels?.[op.channel?.$ref?.split("/").pop()]?.address ?? ""}`.trim(),
    summary: op.summary ?? "",
  }));
}

/**
 * A Redoc page made for offline use and for the portal: the attribution logo from the local file,
 * the favicon, and a link back to the index, fixed in the corner over Redoc's layout.
 */
function offline(/** @type {string} */ html) {
  const logos = /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg/g;
  if (!logos.test(html)) throw new Error("Redoc's logo URL moved: update offline() in tools/docs/build.mjs");
  const head = html.indexOf("</head>");
  const body = html.lastIndexOf("</body>");
  return (
    html.slice(0, head).replace(logos, "redocly-logo.svg") +
    `<link rel="icon" href="favicon.svg" type="image/svg+xml">\n` +
    html.slice(head, body).replace(logos, "redocly-logo.svg") +
    `<a id="parley-index" href="./" style="position:fixed;right:1rem;bottom:1rem;z-index:1000;background:#1d2330;color:#fff;padding:.5rem .9rem;border-radius:99px;font:600 14px system-ui,sans-serif;text-decoration:none;box-shadow:0 2px 8px #0004">← All Parley APIs</a>\n` +
    html.slice(body)
  );
}

/**
 * Redoc routes by the URL's hash in the browser (a link's target is `#/chats`), but its
 * server-rendered sidebar carries the router's paths (`href="/chats"`), and hydration keeps them:
 * opened in a new tab or copied, such a link asks the host for /chats (a 404 on any static host).
 * Every root-relative link of the page becomes the hash route Redoc itself navigates to, which any
 * static host serves (build-docs in @redocly/cli 2.77.0 has no option that renders them so).
 */
function hashLinks(/** @type {string} */ html) {
  const routes = /(<a\b[^>]*?\shref=")\/(?!\/)/g;
  if (!routes.test(html)) throw new Error("Redoc's sidebar links moved: update hashLinks() in tools/docs/build.mjs");
  return html.replace(routes, "$1#/");
}

function firstParagraph(/** @type {string} */ text) {
  // Plain text for the card: markdown emphasis and code marks dropped.
  return (text.split(/\n\s*\n/)[0] ?? "").replace(/\*\*([^*]+)\*\*/g, "$1").replace(/`([^`]+)`/g, "$1").replace(/\s+/g, " ").trim();
}

function escape(/** @type {unknown} */ text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/** @param {typeof manifest} entries */
function indexPage(entries) {
  const cards = entries
    .map(
      (api) => `
    <article class="card" data-api="${escape(api.name)}">
      <header>
        <h2>${escape(api.title)}</h2>
        <span class="badge">${api.kind} · v${escape(api.version)} · ${api.operations.length} ${api.kind === "AsyncAPI" ? "operations" : "operations"}</span>
      </header>
      <p>${escape(api.summary)}</p>
      ${api.featured ? `<p class="operation"><code>${escape(api.featured.call)}</code> <strong>${escape(api.featured.id)}</strong> ${escape(api.featured.summary)}</p>` : ""}
      ${
        api.package
          ? `<p class="pkg"><code>${escape(api.package.name)}@${escape(api.package.version)}</code> ${escape(api.package.description ?? "")}</p>
      <pre class="install"><code>npm install ${escape(api.package.name)}</code></pre>
      ${api.usage && api.example ? `<p class="example-name">${escape(api.example)}: <code>node ${escape(api.example.replace(/\.ts$/, ".mjs"))}</code> runs it</p>\n      <pre class="usage"><code>${escape(api.usage)}</code></pre>` : ""}`
          : `<p class="pkg">No package yet.</p>`
      }
      <p><a class="reference" href="${escape(api.reference)}">Open the ${escape(api.name)} reference →</a></p>
    </article>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Parley: API reference</title>
<link rel="icon" href="favicon.svg" type="image/svg+xml">
<style>
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
  body { margin: 0; background: #f6f7f9; color: #1d2330; }
  header.top { background: #1d2330; color: #fff; padding: 2rem 1.5rem; }
  header.top h1 { margin: 0 0 .5rem; font-size: 1.8rem; }
  header.top p { margin: 0; max-width: 60rem; color: #c9cfdb; }
  header.top a { color: #9cc3ff; }
  main { display: grid; grid-template-columns: repeat(auto-fill, minmax(26rem, 1fr)); gap: 1.25rem; padding: 1.5rem; }
  .card { background: #fff; border: 1px solid #dde1e8; border-radius: 10px; padding: 1.25rem; display: flex; flex-direction: column; }
  .card header { display: flex; justify-content: space-between; gap: 1rem; align-items: baseline; flex-wrap: wrap; }
  .card h2 { margin: 0; font-size: 1.15rem; }
  .badge { font-size: .8rem; color: #4b5568; background: #eef1f6; border-radius: 99px; padding: .15rem .6rem; }
  pre { background: #111827; color: #e5e7eb; padding: .8rem; border-radius: 8px; overflow-x: auto; font-size: .82rem; }
  .reference { font-weight: 600; color: #1d4ed8; }
  .operation code { background: #eef1f6; border-radius: 4px; padding: .1rem .35rem; }
</style>
</head>
<body>
<header class="top">
  <h1>Parley</h1>
  <p>Typed TypeScript SDKs for customer-conversation platforms, generated from hand-written OpenAPI and
  AsyncAPI specs. Each card links to the API's reference; the sandbox's <a href="demo/">demo page</a> uses the SDKs in the browser.</p>
</header>
<main>
${cards}
</main>
</body>
</html>
`;
}
