// The two HTTP APIs' mocks: the shared HTTP layer with each API's spec, base path and state.
import { bundled, APIS, specName } from "../specs.mjs";
import { agentApiState } from "./agent-api.mjs";
import { headlessState } from "./headless.mjs";
import { startHttpMock } from "./mock.mjs";

/** @param {{ port?: number, host?: string, docsUrl?: string }} [options] */
export function startHeadlessMock(options = {}) {
  const { spec, basePath } = APIS.headless;
  return startHttpMock({ ...options, api: "headless", spec: bundled(spec), specName: specName(spec), basePath, createState: headlessState });
}

/** @param {{ port?: number, host?: string, docsUrl?: string, delayMs?: number }} [options] */
export function startAgentApiMock(options = {}) {
  const { spec, basePath } = APIS["agent-api"];
  return startHttpMock({ ...options, api: "agent-api", spec: bundled(spec), specName: specName(spec), basePath, createState: agentApiState });
}
