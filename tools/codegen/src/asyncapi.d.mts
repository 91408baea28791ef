export declare class SpecError extends Error {
  readonly diagnostics: ReadonlyArray<{ path: ReadonlyArray<string | number>; message: string; code?: string | number; severity: number }>;
}

export interface GenerateResult {
  files: { events: string; schemasJson: string; schemasTs: string };
  /** Non-fatal spec inconsistencies (e.g. x-parley-ack: true without a reply). */
  warnings: string[];
  clientEvents: string[];
  serverEvents: string[];
  sdkEvents: string[];
}

/** Validate an AsyncAPI 3.0 spec and write events.ts, schemas.json and schemas.ts into outDir. */
export declare function generate(specPath: string, outDir: string): Promise<GenerateResult>;
