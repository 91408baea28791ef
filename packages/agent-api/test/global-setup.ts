// Starts the agent API mock (@parley/mock: Prism on the spec with --errors behind the stateful
// layer, which also streams chat.stream) on a free 127.0.0.1 port for the run, and stops it by PID afterwards.
import { startMock } from "@parley/mock";
import type {} from "vitest";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** The mock's base URL (no base path: the API lives at the root). */
    mockUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const mock = await startMock("agent-api", { delayMs: 1 });
  project.provide("mockUrl", mock.url);
  return () => mock.close();
}
