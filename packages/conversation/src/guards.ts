// Checks of inbound frames before the connection uses them, after the spec's schemas
// (openapi/conversation.asyncapi.yaml): the envelope, and the fields of a conversation state that
// Conversation's members and events read. Each returns the offending field's path, or undefined.

type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const optional = (v: unknown, check: (x: unknown) => boolean) => v === undefined || v === null || check(v);
const isString = (v: unknown) => typeof v === "string";
const isNumber = (v: unknown) => typeof v === "number" && Number.isFinite(v);

/** Each member of an array: `path[i]` of the first bad one. */
function eachOf(list: unknown, path: string, check: (item: unknown, at: string) => string | undefined): string | undefined {
  if (list === undefined || list === null) return undefined;
  if (!Array.isArray(list)) return path;
  for (let i = 0; i < list.length; i++) {
    const bad = check(list[i], `${path}[${i}]`);
    if (bad) return bad;
  }
  return undefined;
}

const participant = (p: unknown, at: string) => (isObject(p) && isString(p["id"]) && isString(p["role"]) && optional(p["state"], isString) ? undefined : at);

function dialog(d: unknown, at: string): string | undefined {
  if (!isObject(d) || !isString(d["dialogId"]) || !optional(d["state"], isString) || !optional(d["dialogType"], isString) || !optional(d["metaDataLastUpdateTs"], isNumber)) return at;
  return eachOf(d["participantsDetails"], `${at}.participantsDetails`, participant);
}

const OBJECT_FIELDS = ["ttr", "context", "campaignInfo", "conversationHandlerDetails", "numberOfunreadMessages"];
const TEXT_FIELDS = ["state", "skillId", "groupId", "brandId", "note"];
const NUMBER_FIELDS = ["metaDataLastUpdateTs", "manualETTR"];

/** A `changes[i].result` of cqm.ExConversationChangeNotification: the path of its first bad field. */
export function badStateField(result: unknown, at: string): string | undefined {
  if (!isObject(result) || !isString(result["convId"])) return `${at}.convId`;
  if (!optional(result["effectiveTTR"], isNumber)) return `${at}.effectiveTTR`;
  const details = result["conversationDetails"];
  const d = `${at}.conversationDetails`;
  if (!isObject(details)) return d;
  for (const key of OBJECT_FIELDS) if (!optional(details[key], isObject)) return `${d}.${key}`;
  for (const key of TEXT_FIELDS) if (!optional(details[key], isString)) return `${d}.${key}`;
  for (const key of NUMBER_FIELDS) if (!optional(details[key], isNumber)) return `${d}.${key}`;
  return eachOf(details["dialogs"], `${d}.dialogs`, dialog) ?? eachOf(details["participants"], `${d}.participants`, participant);
}
