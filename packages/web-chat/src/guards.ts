// Checks of inbound data before the client keeps or reads it, after the spec's schemas
// (openapi/web-chat.asyncapi.yaml): only the fields the client relies on, so they stay small.
import type { ConnectedData, Message } from "./generated/events.js";

type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === "string";
const isNullableString = (v: unknown): boolean => v === null || v === undefined || typeof v === "string";
export const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const arrayOf = (v: unknown, item: (x: unknown) => boolean): boolean => Array.isArray(v) && v.every(item);

export function isMessage(v: unknown): v is Message {
  return isObject(v) && isString(v["id"]) && isString(v["chatId"]) && isObject(v["content"]);
}

/** The ack of `chat.upload_init`: the `url` to POST the file to and the `token` for `chat.upload_finish`. */
export function isUploadInit(v: unknown): v is { url: string; token: string } {
  return isObject(v) && isString(v["url"]) && isString(v["token"]);
}

const isAgent = (v: unknown): boolean => isObject(v) && isString(v["id"]) && isString(v["status"]);
const isGroup = (v: unknown): boolean => isObject(v) && isString(v["key"]);

function isChat(v: unknown): boolean {
  return v === undefined || v === null || (isObject(v) && isString(v["id"]) && isStringArray(v["assignedIds"]) && arrayOf(v["messages"], isMessage));
}

/** The ack of `visitor.connect`: what `initialized` carries and every getter reads. */
export function isConnectedData(v: unknown): v is ConnectedData {
  if (!isObject(v) || !isString(v["serverVersion"])) return false;
  const visitor = v["visitor"];
  const account = v["account"];
  return (
    isObject(visitor) &&
    isString(visitor["id"]) &&
    isNullableString(visitor["name"]) &&
    isNullableString(visitor["email"]) &&
    isObject(account) &&
    isString(account["status"]) &&
    arrayOf(account["agents"], isAgent) &&
    arrayOf(account["groups"], isGroup) &&
    isChat(v["chat"])
  );
}

/** The fields of an Agent that `agent.updated` may change, with their checks. */
export const AGENT_FIELDS: Record<string, (v: unknown) => boolean> = {
  status: isString,
  groups: isStringArray,
  nickname: isString,
  fullname: isString,
  description: isString,
  avatar: isNullableString,
};

/** Per server event, what its payload must hold (every event's payload is an object). */
export const EVENT_GUARDS: Record<string, (p: Json) => boolean> = {
  "chat.message_received": (p) => isMessage(p["message"]),
  "chat.agent_assigned": (p) => isStringArray(p["assigned"]),
  "chat.agent_unassigned": (p) => isStringArray(p["unassigned"]),
  "account.updated": (p) => p["status"] === undefined || isString(p["status"]),
  "agent.updated": (p) => isString(p["id"]) && isObject(p["changes"]),
  "agent.removed": (p) => isString(p["id"]),
  "visitor.updated": (p) => isObject(p["changes"]),
};
