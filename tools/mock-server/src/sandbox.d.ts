export interface Sandbox {
  /** The site: the docs portal at /, the demo at /demo/, the mocks' URLs at /sandbox.json. */
  url: string;
  mocks: { name: string; url: string; pid: number; stop(): Promise<void> }[];
  stop(): Promise<void>;
}
/** The mocks (portal port + 10, + 20, ...) and the site on `port`; `port: 0` takes free ports. */
export declare function startSandbox(options?: { port?: number; delayMs?: number }): Promise<Sandbox>;
