#!/usr/bin/env node
// parley-codegen <spec.asyncapi.yaml> <outDir>
import path from "node:path";
import { generate } from "../src/asyncapi.mjs";

const [specPath, outDir, ...rest] = process.argv.slice(2);
if (!specPath || !outDir || rest.length || specPath === "--help" || specPath === "-h") {
  console.error("usage: parley-codegen <spec.asyncapi.yaml> <outDir>");
  process.exit(specPath === "--help" || specPath === "-h" ? 0 : 2);
}

try {
  const t0 = performance.now();
  const { files, warnings, clientEvents, serverEvents, sdkEvents } = await generate(specPath, outDir);
  for (const w of warnings) console.error(`warning: ${w}`);
  const rel = (/** @type {string} */ f) => path.relative(process.cwd(), f) || f;
  console.log(
    `parley-codegen: ${clientEvents.length} client, ${serverEvents.length} server, ${sdkEvents.length} SDK events -> ` +
      `${rel(files.events)}, ${rel(files.schemasJson)}, ${rel(files.schemasTs)} (${Math.round(performance.now() - t0)} ms)`,
  );
} catch (err) {
  console.error(err instanceof Error && err.name === "SpecError" ? err.message : err);
  process.exit(1);
}
