export interface RunningMock {
  url: string;
  /** The process listening on `url`: the sandbox's own (@parley/mock serves every API in process). */
  pid: number;
  /** Prism's process, behind the HTTP APIs' mocks (headless, agent-api); undefined for the others. */
  prismPid: number | undefined;
  stop(): Promise<void>;
}
export interface Sandbox {
  /** The site: the docs portal at /, the demo at /demo/, the mocks' URLs at /sandbox.json. */
  url: string;
  /** In MOCKS order: headless, agent-api, web-chat, conversation. */
  mocks: (RunningMock & { name: string })[];
  /** Stops the site and every mock (by PID). */
  stop(): Promise<void>;
}
/**
 * Rejects when a port of a sandbox on `base` (`base`, `base + 10`, ... `base + 40`) is taken on
 * 127.0.0.1: the message names it and suggests, with the `--port` option, a base whose every port
 * is free now, or `--port 0`.
 */
export declare function assertPortsFree(base: number): Promise<void>;
/**
 * The site on `port` and the mocks on `port + 10`, `+ 20`, ... (`port: 0`: free ports). With
 * `prepare` (what the mocks read: @parley/mock's build), the mocks start once it resolves. With
 * `build`, the mocks start while it runs and the site answers 503 until it is done.
 */
export declare function startSandbox(options?: {
  port?: number;
  delayMs?: number;
  prepare?: () => Promise<unknown>;
  build?: () => Promise<unknown>;
  log?: (line: string) => void;
}): Promise<Sandbox>;
