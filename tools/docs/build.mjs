// Builds the docs portal into tools/docs/dist/: one Redoc reference page per API in redocly.yaml
// (OpenAPI and AsyncAPI alike, `--inlineBundle` so it works offline), an index page with a card
// per API (its package, version, install line and README usage example), and manifest.json, which
// the browser tests count rendered operations against.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const out = path.join(root, "tools/docs/dist");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const apis = parse(readFileSync(path.join(root, "redocly.yaml"), "utf8")).apis;
const manifest = [];
for (const [name, entry] of Object.entries(apis)) {
  const specPath = path.join(root, entry.root);
  const spec = parse(readFileSync(specPath, "utf8"));
  const result = spawnSync("npx", ["--no-install", "redocly", "build-docs", name, "--inlineBundle", "-o", path.join(out, `${name}.html`)], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
  });
  if (result.status !== 0) {
    console.error(result.stdout, result.stderr);
    process.exit(1);
  }
  const pkgDir = path.join(root, "packages", entry["x-parley-package"] ?? name);
  const pkg = existsSync(path.join(pkgDir, "package.json")) ? JSON.parse(readFileSync(path.join(pkgDir, "package.json"), "utf8")) : undefined;
  const readme = pkg ? readFileSync(path.join(pkgDir, "README.md"), "utf8") : "";
  manifest.push({
    name,
    title: spec.info.title,
    version: spec.info.version,
    kind: spec.asyncapi ? "AsyncAPI" : "OpenAPI",
    summary: firstParagraph(spec.info.description ?? ""),
    operations: spec.asyncapi ? Object.keys(spec.operations ?? {}) : operationIds(spec),
    reference: `${name}.html`,
    package: pkg && { name: pkg.name, version: pkg.version, description: pkg.description },
    usage: firstCodeBlock(readme),
  });
  console.log(`${name}: ${manifest.at(-1).operations.length} operations -> ${name}.html`);
}
writeFileSync(path.join(out, "manifest.json"), JSON.stringify(manifest, null, 2));
writeFileSync(path.join(out, "index.html"), indexPage(manifest));
console.log(`portal: ${path.relative(root, out)}/index.html`);

function operationIds(spec) {
  return Object.values(spec.paths ?? {}).flatMap((item) =>
    ["get", "put", "post", "delete", "patch", "options", "head"].filter((m) => item[m]).map((m) => item[m].operationId),
  );
}

function firstParagraph(text) {
  // Plain text for the card: markdown emphasis and code marks dropped.
  return text.split(/\n\s*\n/)[0].replace(/\*\*([^*]+)\*\*/g, "$1").replace(/`([^`]+)`/g, "$1").replace(/\s+/g, " ").trim();
}

/** The first TypeScript example of a README (the usage section). */
function firstCodeBlock(markdown) {
  const match = /```(?:ts|typescript)\n([\s\S]*?)```/.exec(markdown);
  return match ? match[1].trimEnd() : "";
}

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

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
      ${
        api.package
          ? `<p class="pkg"><code>${escape(api.package.name)}@${escape(api.package.version)}</code> ${escape(api.package.description ?? "")}</p>
      <pre class="install"><code>npm install ${escape(api.package.name)}</code></pre>
      ${api.usage ? `<pre class="usage"><code>${escape(api.usage)}</code></pre>` : ""}`
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
</style>
</head>
<body>
<header class="top">
  <h1>Parley</h1>
  <p>Typed TypeScript SDKs for customer-conversation platforms, generated from hand-written OpenAPI and
  AsyncAPI specs. Each card links to the API's reference; the sandbox's <a href="/demo/">demo page</a> uses the SDKs in the browser.</p>
</header>
<main>
${cards}
</main>
</body>
</html>
`;
}
