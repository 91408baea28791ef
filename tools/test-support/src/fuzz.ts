import { readFileSync } from "node:fs";
import { runInNewContext } from "node:vm";
import { setFlagsFromString } from "node:v8";
import fc from "fast-check";
import { parse } from "yaml";

/** The `examples[].payload` of every message in an AsyncAPI document, by message name. */
export function specExamples(path: string | URL): Map<string, unknown[]> {
  const doc = parse(readFileSync(path, "utf8")) as { components?: { messages?: Record<string, { examples?: { payload?: unknown }[] }> } };
  const out = new Map<string, unknown[]>();
  for (const [name, message] of Object.entries(doc.components?.messages ?? {})) {
    out.set(name, (message.examples ?? []).map((e) => e.payload).filter((p) => p !== undefined));
  }
  return out;
}

/** What one mutation does at a path of a JSON value. */
export interface Mutation {
  /** Indexes into the keys / items on the way down (taken modulo their count). */
  path: number[];
  op: "null" | "delete" | "wrongType" | "huge" | "proto" | "array" | "object" | "replace" | "none";
  value: unknown;
}

const HUGE = "x".repeat(20_000);

export const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  path: fc.array(fc.nat(30), { maxLength: 5 }),
  op: fc.constantFrom("null", "delete", "wrongType", "huge", "proto", "array", "object", "replace", "none"),
  value: fc.jsonValue({ maxDepth: 1 }),
});

function swap(value: unknown, m: Mutation): unknown {
  switch (m.op) {
    case "null":
      return null;
    case "wrongType":
      return typeof value === "string" ? 42 : typeof value === "number" ? "42" : Array.isArray(value) ? {} : typeof value === "object" && value ? [value] : "text";
    case "huge":
      return typeof value === "string" ? HUGE : Array.isArray(value) ? Array.from({ length: 300 }, () => value[0] ?? null) : HUGE;
    case "proto":
      return JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}');
    case "array":
      return [null];
    case "object":
      return {};
    case "replace":
      return m.value;
    default:
      return value;
  }
}

/** A deep copy of `base` with `m` applied (JSON in, JSON out: what a server could send). */
export function mutate(base: unknown, m: Mutation): unknown {
  const root = JSON.parse(JSON.stringify(base ?? null)) as unknown;
  if (m.path.length === 0 || typeof root !== "object" || root === null) return m.op === "delete" ? undefined : swap(root, m);
  let parent = root as Record<string, unknown>;
  for (let depth = 0; depth < m.path.length; depth++) {
    const keys = Object.keys(parent);
    if (keys.length === 0) break;
    const key = keys[m.path[depth]! % keys.length]!;
    const child = parent[key];
    const last = depth === m.path.length - 1 || typeof child !== "object" || child === null;
    if (last) {
      if (m.op === "delete") {
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
      } else {
        parent[key] = swap(child, m);
      }
      break;
    }
    parent = child as Record<string, unknown>;
  }
  return root;
}

/** Random text frames a hostile server could send: truncated JSON, control bytes, lone surrogates. */
export const garbageArb: fc.Arbitrary<string> = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: "binary", maxLength: 40 }), fc.jsonValue().map((v) => JSON.stringify(v).slice(0, -1)));

/** A full garbage collection, so heap numbers compare (V8's `gc`, enabled for this process). */
export function collectGarbage(): void {
  setFlagsFromString("--expose_gc");
  (runInNewContext("gc") as () => void)();
}

/** Counts uncaught exceptions and unhandled rejections while `run` runs. */
export async function watchProcess<T>(run: () => Promise<T>): Promise<{ result: T; uncaught: unknown[] }> {
  const uncaught: unknown[] = [];
  const onError = (error: unknown) => uncaught.push(error);
  process.on("uncaughtException", onError);
  process.on("unhandledRejection", onError);
  try {
    return { result: await run(), uncaught };
  } finally {
    process.off("uncaughtException", onError);
    process.off("unhandledRejection", onError);
  }
}
