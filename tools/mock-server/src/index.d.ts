export declare const ROOT: string;
export declare const HOST: "127.0.0.1";
export interface SpecEntry {
  spec: string;
  basePath: string;
}
export declare const OPENAPI_SPECS: { headless: SpecEntry };
export interface RunningMock {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}
export declare function freePort(): Promise<number>;
export declare function assertPortFree(port: number): Promise<void>;
/** `url` includes the base path when one is given. */
export declare function startPrism(options: { spec: string; basePath?: string; port?: number; timeoutMs?: number; dynamic?: boolean }): Promise<RunningMock>;
export declare function stopChild(child: import("node:child_process").ChildProcess): Promise<void>;
