// Starts the headless API's mock (@parley/mock: Prism on the real spec with --errors behind the
// stateful layer) on a free 127.0.0.1 port for the whole run, and stops it afterwards. Tests read
// its origin with `inject("prismOrigin")`.
import { startMock } from "@parley/mock";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** The mock's origin, without the /api/v2 base path. */
    prismOrigin: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const mock = await startMock("headless");
  project.provide("prismOrigin", new URL(mock.url).origin);
  return () => mock.close();
}
