// The wire dialect of the brand endpoint: type names and body shapes as LivePerson's public agent
// SDK (node-agent-sdk 1.2.0, lib/Const.js and lib/Transformer.js) speaks them on `?v=2.1`, proven
// by running it against Parley's mock (tools/interop). Inbound frames are read here into the shapes
// the rest of the SDK uses (ConversationDetails with a participants array), as that SDK does.
import { InvalidResponseError } from "@parley/core";
import type { StateNotification } from "./conversation.js";
import type { ConversationDetails, MessagingEvent, MessagingEventNotificationBody, ParticipantRole } from "./generated/events.js";

/** The brand endpoint's version, sent as `?v=2.1` [V]. */
export const API_VERSION = "2.1";

/** Request types of the brand endpoint [V]; a response's type is the request's plus `$Response`. */
export const REQUEST = {
  subscribe: ".ams.aam.SubscribeExConversations",
  updateField: ".ams.cm.UpdateConversationField",
  publish: ".ams.ms.PublishEvent",
  uploadUrl: ".ams.ms.GenerateURLForUploadFile",
  queryMessages: ".ams.ms.QueryMessages",
} as const;

export type RequestType = (typeof REQUEST)[keyof typeof REQUEST];

/** A change of a conversation-state notification, read into the SDK's shape. */
export interface StateChange {
  type: "UPSERT" | "DELETE";
  convId: string;
  result: StateNotification;
}

/** What an inbound notification means to the connection. */
export type Notification =
  | { kind: "changes"; changes: StateChange[]; errors: InvalidResponseError[] }
  | { kind: "message"; body: MessagingEventNotificationBody }
  | { kind: "unknown"; type: string };

// The v2 notifications, and the v3-named ones node-agent-sdk passes through unchanged.
const CHANGE_V2 = ".ams.aam.ExConversationChangeNotification";
const CHANGE_V3 = "cqm.ExConversationChangeNotification";
const EVENT_V2 = ".ams.ms.OnlineEventDistribution";
const EVENT_V3 = "ms.MessagingEventNotification";

/**
 * Reads a notification's body by its type. Throws an InvalidResponseError naming the type and the
 * field when the body cannot be read at all; a single unreadable change is returned in `errors`.
 */
export function readNotification(type: string, body: unknown): Notification {
  if (type === CHANGE_V2 || type === CHANGE_V3) {
    const changes = isObject(body) ? body["changes"] : undefined;
    if (!Array.isArray(changes)) throw new InvalidResponseError(`${type}: body.changes is not an array.`);
    const out: StateChange[] = [];
    const errors: InvalidResponseError[] = [];
    changes.forEach((change: unknown, i) => {
      try {
        out.push(readChange(type, change, `body.changes[${i}]`));
      } catch (error) {
        errors.push(error as InvalidResponseError);
      }
    });
    return { kind: "changes", changes: out, errors };
  }
  if (type === EVENT_V2) {
    // One event per notification; node-agent-sdk wraps it as {dialogId, changes: [event]}.
    const event = readEvent(type, body, "body");
    return { kind: "message", body: { dialogId: event.dialogId, changes: [event] } };
  }
  if (type === EVENT_V3) {
    const dialogId = isObject(body) ? body["dialogId"] : undefined;
    const changes = isObject(body) ? body["changes"] : undefined;
    if (typeof dialogId !== "string") throw new InvalidResponseError(`${type}: body.dialogId is not a string.`);
    if (!Array.isArray(changes)) throw new InvalidResponseError(`${type}: body.changes is not an array.`);
    return { kind: "message", body: { dialogId, changes: changes.map((e: unknown, i) => readEvent(type, e, `body.changes[${i}]`)) } };
  }
  return { kind: "unknown", type };
}

/** The events of a `.ams.ms.QueryMessages$Response` body: an array [V]. */
export function readQueryMessages(body: unknown): MessagingEvent[] {
  const where = `${REQUEST.queryMessages}$Response`;
  if (!Array.isArray(body)) throw new InvalidResponseError(`${where}: body is not an array of events.`);
  return body.map((event: unknown, i) => readEvent(where, event, `body[${i}]`));
}

/** The body of a `.ams.aam.SubscribeExConversations$Response`: `{subscriptionId}` [V]. */
export function readSubscribeResult(body: unknown): { subscriptionId: string } {
  if (!isObject(body) || typeof body["subscriptionId"] !== "string") {
    throw new InvalidResponseError(`${REQUEST.subscribe}$Response: body.subscriptionId is not a string.`, { operation: REQUEST.subscribe, field: "body.subscriptionId" });
  }
  return body as { subscriptionId: string };
}

/** The signed upload URL of a `.ams.ms.GenerateURLForUploadFile$Response` body: `relativePath` and `queryParams` [V]. */
export function readUploadUrl(body: unknown): { relativePath: string; queryParams: { temp_url_sig: string; temp_url_expires: string } } {
  const where = `${REQUEST.uploadUrl}$Response`;
  const fail = (field: string) => new InvalidResponseError(`${where}: body.${field} is not a string.`, { operation: REQUEST.uploadUrl, field: `body.${field}` });
  if (!isObject(body) || typeof body["relativePath"] !== "string") throw fail("relativePath");
  const params = body["queryParams"];
  for (const key of ["temp_url_sig", "temp_url_expires"]) {
    if (!isObject(params) || typeof params[key] !== "string") throw fail(`queryParams.${key}`);
  }
  return body as { relativePath: string; queryParams: { temp_url_sig: string; temp_url_expires: string } };
}

function readChange(type: string, change: unknown, where: string): StateChange {
  if (!isObject(change)) throw new InvalidResponseError(`${type}: ${where} is not an object.`);
  const kind = change["type"];
  if (kind !== "UPSERT" && kind !== "DELETE") throw new InvalidResponseError(`${type}: ${where}.type is not UPSERT or DELETE.`);
  const result = change["result"];
  if (!isObject(result)) throw new InvalidResponseError(`${type}: ${where}.result is not an object.`);
  const convId = result["convId"];
  if (typeof convId !== "string") throw new InvalidResponseError(`${type}: ${where}.result.convId is not a string.`);
  const details = result["conversationDetails"];
  if (!isObject(details)) throw new InvalidResponseError(`${type}: ${where}.result.conversationDetails is not an object.`);
  const { lastUpdateTime: _time, numberOfunreadMessages: unread, ...rest } = result;
  const conversationDetails = Array.isArray(details["participants"]) ? details : fromRoleMaps(details, `${type}: ${where}.result.conversationDetails`);
  // v2 carries the unread counts on the result; the SDK reads them from the details.
  if (isObject(unread) && conversationDetails["numberOfunreadMessages"] === undefined) conversationDetails["numberOfunreadMessages"] = unread;
  return { type: kind, convId, result: { ...rest, convId, conversationDetails: conversationDetails as unknown as ConversationDetails } };
}

/**
 * v2 `participants`/`participantsPId` (role -> [ids]) into the participants array, and each dialog
 * participant's id from the PIds of its role in order, as node-agent-sdk's createParticipantsList.
 */
function fromRoleMaps(details: Record<string, unknown>, where: string): Record<string, unknown> {
  const field = isObject(details["participantsPId"]) ? "participantsPId" : "participants";
  const byRole = details[field];
  if (!isObject(byRole)) throw new InvalidResponseError(`${where}.participants is neither an array nor a role map.`);
  const participants: { id: string; role: ParticipantRole }[] = [];
  for (const [role, ids] of Object.entries(byRole)) {
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === "string")) throw new InvalidResponseError(`${where}.${field}.${role} is not an array of ids.`);
    for (const id of ids) participants.push({ id, role: role as ParticipantRole });
  }
  const dialogs = Array.isArray(details["dialogs"])
    ? details["dialogs"].map((dialog: unknown) => {
        if (!isObject(dialog) || !Array.isArray(dialog["participantsDetails"])) return dialog;
        const seen: Record<string, number> = {};
        const participantsDetails = dialog["participantsDetails"].map((p: unknown) => {
          if (!isObject(p) || typeof p["role"] !== "string") return p;
          const index = (seen[p["role"]] = (seen[p["role"]] ?? 0) + 1) - 1;
          const ids = byRole[p["role"]];
          return Array.isArray(ids) && index < ids.length ? { ...p, id: ids[index] } : p;
        });
        return { ...dialog, participantsDetails };
      })
    : details["dialogs"];
  const { participantsPId: _pids, convId: _convId, ...rest } = details;
  return { ...rest, participants, dialogs };
}

/** A messaging event; on v2 its originator is `originatorPId`, reported as `originatorId` (as node-agent-sdk does). */
function readEvent(type: string, event: unknown, where: string): MessagingEvent {
  if (!isObject(event)) throw new InvalidResponseError(`${type}: ${where} is not an object.`);
  if (typeof event["dialogId"] !== "string") throw new InvalidResponseError(`${type}: ${where}.dialogId is not a string.`);
  if (typeof event["sequence"] !== "number") throw new InvalidResponseError(`${type}: ${where}.sequence is not a number.`);
  const pid = event["originatorPId"];
  return (typeof pid === "string" ? { ...event, originatorId: pid } : event) as MessagingEvent;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
