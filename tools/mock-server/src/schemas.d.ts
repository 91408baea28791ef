import type { Ajv, ValidateFunction } from "ajv";

/** What tools/codegen writes to schemas.json for an AsyncAPI spec: JSON Schemas per wire event. */
export interface EventSchemas {
  client: Record<string, object>;
  acks: Record<string, object>;
  server: Record<string, object>;
}

/** The schemas of `spec`: those in `built` when newer than the spec, else generated now (once per process). */
export declare function loadEventSchemas(spec: string, built?: string): Promise<EventSchemas>;

/** Compiled validators of every event of `spec`, per direction, and the Ajv instance behind them. */
export declare function loadValidators(
  spec: string,
  built?: string,
): Promise<{ ajv: Ajv; schemas: EventSchemas; client: Record<string, ValidateFunction>; acks: Record<string, ValidateFunction>; server: Record<string, ValidateFunction> }>;
