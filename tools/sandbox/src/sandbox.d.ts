export interface RunningMock {
  url: string;
  port: number;
  pid: number;
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
