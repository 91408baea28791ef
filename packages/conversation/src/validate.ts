// Checks of the Conversation's arguments: bounds of free-form content, metadata and queries, sequence numbers, image types.
import { ValidationError, describeValue, requireNumber, requireObject, requirePlainData, type DataRules } from "@parley/core";

// The bounds of the Conversation's free-form arguments. Each check copies its argument
// (requirePlainData: no cycle, getter, Proxy, BigInt, NaN; bounded strings, keys and depth) and
// returns the copy, which is what goes on the wire.

const STATES = ["OPEN", "CLOSE", "LOCKED"];
/** Metadata and quick replies: 2 000-character strings, 50 entries, 8 levels (the wire's JSON). */
const EXTRAS: DataRules = { maxString: 2000, maxEntries: 50, maxDepth: 8 };

/** `subscribe` query: `convState` 1 to 3 of OPEN, CLOSE, LOCKED; `agentIds` at most 100 ids of 200 characters. */
export function checkSubscribeQuery<T>(query: T): T {
  const copy = requirePlainData("query", query, { maxString: 200, maxEntries: 100, maxDepth: 2 });
  const states = copy["convState"];
  if (!Array.isArray(states) || states.length === 0 || states.length > STATES.length) throw new ValidationError("query.convState", `must be an array of 1 to 3 states, got ${describeValue(states)}`);
  states.forEach((s, i) => {
    if (!STATES.includes(s as string)) throw new ValidationError(`query.convState[${i}]`, `must be one of OPEN, CLOSE, LOCKED, got ${describeValue(s)}`);
  });
  const agents = copy["agentIds"];
  if (agents !== undefined) {
    if (!Array.isArray(agents)) throw new ValidationError("query.agentIds", `must be an array, got ${describeValue(agents)}`);
    agents.forEach((a, i) => {
      if (typeof a !== "string" || a === "") throw new ValidationError(`query.agentIds[${i}]`, `must be a non-empty string, got ${describeValue(a)}`);
    });
  }
  for (const key of Object.keys(copy)) if (key !== "convState" && key !== "agentIds") throw new ValidationError(`query.${key}`, "is not a known field (expected convState, agentIds)");
  return copy as T;
}

/** `queryMessages` query: each bound a safe integer, as a number or a string of digits. */
export function checkMessagesQuery<T>(query: T): T {
  const copy = requirePlainData("query", query, { maxString: 16, maxEntries: 3, maxDepth: 1 });
  for (const [key, value] of Object.entries(copy)) {
    const n = typeof value === "string" && /^\d{1,16}$/.test(value) ? Number(value) : value;
    if (!Number.isSafeInteger(n)) throw new ValidationError(`query.${key}`, `must be a safe integer (a number or a string of digits), got ${describeValue(value)}`);
  }
  return copy as T;
}

/** `metadata` (an object or an array of objects) and `quickReplies` (an object), bounded as the wire's JSON. */
export function checkExtras<M, Q>(metadata: M, quickReplies: Q = null as Q): [M, Q] {
  const meta = metadata === null ? metadata : (requirePlainData("metadata", metadata, { ...EXTRAS, array: true }) as M);
  if (meta !== null && (typeof meta !== "object" || (Array.isArray(meta) && meta.some((m) => typeof m !== "object" || m === null || Array.isArray(m))))) {
    throw new ValidationError("metadata", "must be an object or an array of objects");
  }
  const replies = quickReplies === null ? quickReplies : (requirePlainData("quickReplies", quickReplies, EXTRAS) as Q);
  return [meta, replies];
}

/** `sendRichText` content and `request` bodies: JSON data of at most 15 000-character strings, 16 levels. */
export function checkContent<T>(name: string, content: T): T {
  return requirePlainData(name, content, { maxString: 15_000, maxEntries: 200, maxDepth: 16 }) as T;
}

/** `{ quickReplies }` when given (an object), else nothing. */
export function quickRepliesOf(quickReplies: object | null): { quickReplies?: object } {
  if (quickReplies === null) return {};
  return { quickReplies: requireObject("quickReplies", quickReplies) };
}

/** A sequence number or count, as a number or a string of digits, at least `min` (and at most `max`). */
export function sequenceArg(name: string, value: unknown, min: number, max?: number): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  return requireNumber(name, n, { min, integer: true, ...(max === undefined ? {} : { max }) });
}

/** JPG, PNG or GIF from the file's magic bytes, or undefined. */
export function imageType(bytes: Uint8Array): "JPG" | "PNG" | "GIF" | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return "JPG";
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return "PNG";
  if (bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46) return "GIF";
  return undefined;
}
