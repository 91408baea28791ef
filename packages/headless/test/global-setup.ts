// Starts Prism on the real spec (with --errors) on a free 127.0.0.1 port for the whole run, and
// stops it by PID afterwards. Tests read its URL with `inject("prismUrl")`.
import { OPENAPI_SPECS, startPrism } from "@parley/mock-server";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** Prism's origin, without the /api/v2 base path. */
    prismOrigin: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const prism = await startPrism(OPENAPI_SPECS.headless);
  project.provide("prismOrigin", new URL(prism.url).origin);
  return () => prism.stop();
}
