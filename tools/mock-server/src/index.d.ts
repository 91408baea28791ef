export declare const ROOT: string;
export declare const HOST: "127.0.0.1";
export interface SpecEntry {
  spec: string;
  basePath: string;
}
export declare const OPENAPI_SPECS: { headless: SpecEntry; "agent-api": SpecEntry };
export interface RunningMock {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}
export declare function freePort(): Promise<number>;
export declare function assertPortFree(port: number): Promise<void>;
type Handler = (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => boolean;
/** `url` includes the base path when one is given. */
export declare function startPrism(options: {
  spec: string;
  basePath?: string;
  port?: number;
  timeoutMs?: number;
  dynamic?: boolean;
  handle?: Handler;
  /** GET / and GET {basePath} answer the API's name, base URL, spec and this docs link. */
  hint?: { api: string; docsUrl?: string };
}): Promise<RunningMock>;
/** The mock of one API: Prism, plus the streaming front for the agent API (`delayMs` between tokens). */
export declare const MOCKS: readonly string[];
export declare function startMock(name: keyof typeof OPENAPI_SPECS | "web-chat" | "conversation", options?: { port?: number; delayMs?: number; docsUrl?: string }): Promise<RunningMock>;
export declare function stopChild(child: import("node:child_process").ChildProcess): Promise<void>;
export interface Sandbox {
  /** The site: the docs portal at /, the demo at /demo/, the mocks' URLs at /sandbox.json. */
  url: string;
  mocks: (RunningMock & { name: string })[];
  stop(): Promise<void>;
}
