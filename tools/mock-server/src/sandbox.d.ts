import type { Sandbox } from "./index.js";
export type { Sandbox };
/** The mocks (portal port + 10, + 20, ...) and the site on `port`; `port: 0` takes free ports. */
export declare function startSandbox(options?: { port?: number; delayMs?: number }): Promise<Sandbox>;
