// The conversation mock's state and its transitions, with no socket in sight: conversations and
// their dialogs (seeded with conv-1), each dialog's published events, the subscriptions of each
// client (keyed by an opaque handle: the handlers use the socket), and the signed upload slots.
// Every transition returns what the handlers (conversation.mjs) answer or notify, in the v2 shape
// of the brand endpoint `?v=2.1` (participants as role -> [ids] maps).
import { createHmac, randomUUID } from "node:crypto";

const FILE_EXT = { JPG: "jpg", JPEG: "jpg", PNG: "png", GIF: "gif" };
/** How long a signed upload URL stays valid, seconds. */
const UPLOAD_TTL_S = 600;

/**
 * @typedef {import("./conversation.d.ts").ConversationDetails} ConversationDetails
 * @typedef {import("./conversation.d.ts").MessagingEvent} MessagingEvent
 * @typedef {{ sig: string, expires: string, fileSize: number, fileType: import("./conversation.d.ts").UploadRecord["fileType"] }} UploadSlot
 * @typedef {{ code: number, msg: string }} Refusal a request the state turns down: the response code and its `msg`
 */

/**
 * A fresh state with conv-1 seeded, its assigned agent `<accountId>.<agentId>`.
 * @param {{ accountId: string, agentId: string, clock?: () => number, uuid?: () => string }} options
 *   the account and agent, the clock (epoch ms) and the source of subscription ids, upload paths
 *   and the upload signing secret.
 */
export function conversationState({ accountId, agentId, clock = Date.now, uuid = randomUUID }) {
  const userId = `${accountId}.${agentId}`;
  /** @type {Map<string, ConversationDetails>} */
  const conversations = new Map();
  /** @type {Map<string, MessagingEvent[]>} */
  const events = new Map();
  /** @type {import("./conversation.d.ts").UploadRecord[]} */
  const uploads = [];
  /** @type {Map<string, UploadSlot>} relativePath -> slot */
  const uploadSlots = new Map();
  /** @type {Map<any, { subscriptionId: string, convState: string[] }[]>} client -> its subscriptions */
  const subscriptions = new Map();
  const secret = uuid();
  let lastTs = 0;

  /** A server timestamp (epoch ms), strictly increasing. */
  const now = () => (lastTs = Math.max(clock(), lastTs + 1));

  /** Adds (or replaces) `convId`: the defaults (open, a MAIN dialog, the agent assigned) merged with `details`. */
  function seed(/** @type {string} */ convId, details = {}) {
    const ts = now();
    /** @type {ConversationDetails} */
    const base = {
      participants: [
        { id: "c-1", role: "CONSUMER" },
        { id: userId, role: "ASSIGNED_AGENT" },
      ],
      dialogs: [
        {
          dialogId: convId === "conv-1" ? "dlg-1" : `${convId}-dlg`,
          dialogType: "MAIN",
          channelType: "MESSAGING",
          state: "OPEN",
          participantsDetails: [
            { id: "c-1", role: "CONSUMER", state: "ACTIVE" },
            { id: userId, role: "ASSIGNED_AGENT", state: "ACTIVE" },
          ],
          metaData: { appInstallId: "app-1" },
          creationTs: ts - 60_000,
          metaDataLastUpdateTs: ts,
        },
      ],
      skillId: "s-1",
      groupId: "g-1",
      brandId: accountId,
      state: "OPEN",
      stage: "OPEN",
      startTs: ts - 60_000,
      metaDataLastUpdateTs: ts,
      ttr: { ttrType: "NORMAL", value: 3600 },
      campaignInfo: { campaignId: "camp-1", engagementId: "eng-1" },
      conversationHandlerDetails: { accountId, skillId: "s-1" },
      numberOfunreadMessages: { "c-1": 0, [userId]: 2 },
      note: "",
    };
    const merged = { ...base, ...structuredClone(details) };
    conversations.set(convId, merged);
    return merged;
  }
  seed("conv-1");

  const mainDialog = (details) => details.dialogs.find((d) => d.dialogType === "MAIN" && d.state === "OPEN") ?? details.dialogs.find((d) => d.dialogType === "MAIN");

  /** Applies one ConversationField to `details` (in place); returns an error message or undefined. */
  function applyField(details, field, ts) {
    switch (field.field) {
      case "ParticipantsChange": {
        const dialog = mainDialog(details);
        if (!dialog) return "The conversation has no MAIN dialog.";
        const id = field.userId ?? userId;
        const same = (p) => p.id === id && p.role === field.role;
        if (field.type === "ADD" || field.type === "UPDATE") {
          dialog.participantsDetails = dialog.participantsDetails.filter((p) => !same(p));
          dialog.participantsDetails.push({ id, role: field.role, state: "ACTIVE" });
          if (!details.participants.some(same)) details.participants.push({ id, role: field.role });
        } else if (field.type === "REMOVE") {
          if (!dialog.participantsDetails.some(same) && !details.participants.some(same)) return `No participant ${id} with role ${field.role}.`;
          dialog.participantsDetails = dialog.participantsDetails.filter((p) => !same(p));
          details.participants = details.participants.filter((p) => !same(p));
        } else if (field.type === "SUGGEST") {
          dialog.participantsDetails = dialog.participantsDetails.filter((p) => !same(p));
          dialog.participantsDetails.push({ id, role: field.role, state: "SUGGESTED" });
        }
        dialog.metaDataLastUpdateTs = ts;
        return undefined;
      }
      case "Skill":
        details.skillId = field.skill;
        if (details.conversationHandlerDetails) details.conversationHandlerDetails.skillId = field.skill;
        return undefined;
      case "TTRField":
        details.ttr = { ttrType: field.ttrType, value: field.value };
        return undefined;
      case "ManualETTR":
        details.manualETTR = field.time;
        return undefined;
      case "CSATRate":
        details.csat = { csatRate: field.csatRate, csatResolutionConfirmation: field.csatResolutionConfirmation, status: field.status };
        return undefined;
      case "Note":
        if (details.state === "LOCKED") return "The conversation is LOCKED: its note cannot change.";
        details.note = field.note;
        return undefined;
      case "DialogChange": {
        const dialog = details.dialogs.find((d) => d.dialogId === field.dialog.dialogId);
        if (!dialog) return `No dialog ${field.dialog.dialogId}.`;
        dialog.state = field.dialog.state;
        if (field.dialog.state === "CLOSE") {
          dialog.endTs = ts;
          dialog.closedBy = "AGENT";
        }
        dialog.metaDataLastUpdateTs = ts;
        return undefined;
      }
      case "ConversationStateField":
        details.state = field.conversationState;
        if (field.conversationState === "CLOSE") {
          details.closeReason = "AGENT";
          details.endTs = ts;
          details.stage = "CLOSE";
          for (const dialog of details.dialogs) {
            if (dialog.state !== "OPEN") continue;
            dialog.state = "CLOSE";
            dialog.endTs = ts;
            dialog.closedBy = "AGENT";
            dialog.metaDataLastUpdateTs = ts;
          }
        }
        return undefined;
      default:
        return `Unknown field "${field.field}".`;
    }
  }

  function findDialog(/** @type {string} */ dialogId) {
    for (const [convId, details] of conversations) {
      const dialog = details.dialogs.find((d) => d.dialogId === dialogId);
      if (dialog) return { convId, details, dialog };
    }
    return undefined;
  }

  /** One change's result in the v2 shape: participants as role -> [ids] maps, unread counts on the result. */
  function changeResult(/** @type {string} */ convId, /** @type {ConversationDetails} */ details) {
    const { numberOfunreadMessages, ...rest } = structuredClone(details);
    const byRole = {};
    for (const { id, role } of details.participants ?? []) (byRole[role] ??= []).push(id);
    const conversationDetails = { ...rest, convId, participants: byRole, participantsPId: structuredClone(byRole) };
    const result = { convId, lastUpdateTime: details.metaDataLastUpdateTs, conversationDetails };
    if (numberOfunreadMessages) result.numberOfunreadMessages = numberOfunreadMessages;
    if (details.ttr && typeof details.startTs === "number" && details.state === "OPEN") {
      result.effectiveTTR = details.manualETTR ?? details.startTs + details.ttr.value * 1000;
    }
    return result;
  }

  /** The signature of an upload URL: HMAC-SHA1 of `PUT\n<expires>\n<path>`, as Swift's temp URLs. */
  const sign = (relativePath, expires) => createHmac("sha1", secret).update(`PUT\n${expires}\n${relativePath}`).digest("hex");

  return {
    userId,
    conversations,
    uploads,
    now,

    seed,

    /** The events published in a dialog (stored, not copies; empty when none). */
    events: (/** @type {string} */ dialogId) => events.get(dialogId) ?? [],

    /** Merges `details` into the stored conversation, bumping metaDataLastUpdateTs; throws for an unknown one. */
    setState(/** @type {string} */ convId, /** @type {Partial<ConversationDetails>} */ details) {
      const current = conversations.get(convId);
      if (!current) throw new Error(`Unknown conversation "${convId}".`);
      const next = { ...structuredClone(current), ...structuredClone(details), metaDataLastUpdateTs: now() };
      conversations.set(convId, next);
      return next;
    },

    changeResult,

    /** .ams.aam.SubscribeExConversations: a new subscription of `client`, and the UPSERTs of the conversations in `convState`. */
    subscribe(/** @type {any} */ client, /** @type {string[]} */ convState) {
      const subscriptionId = uuid();
      const list = subscriptions.get(client) ?? [];
      list.push({ subscriptionId, convState: [...convState] });
      subscriptions.set(client, list);
      const changes = [];
      for (const [convId, details] of conversations) {
        if (convState.includes(details.state)) changes.push({ type: "UPSERT", result: changeResult(convId, details) });
      }
      return { subscriptionId, changes };
    },
    /** The clients with at least one subscription. */
    subscribers: () => [...subscriptions].filter(([, subs]) => subs.length).map(([client]) => client),
    /** The id a client's state notifications carry: its first subscription's, "sub" without one. */
    subscriptionIdOf: (/** @type {any} */ client) => subscriptions.get(client)?.[0]?.subscriptionId ?? "sub",
    /** A client gone: its subscriptions end. */
    unsubscribe: (/** @type {any} */ client) => subscriptions.delete(client),

    /**
     * .ams.cm.UpdateConversationField: applies every field to a copy and stores it only when all
     * apply (metaDataLastUpdateTs bumped); a Refusal (404 unknown conversation, 400 a field that does not apply) otherwise.
     * @returns {Refusal | undefined}
     */
    update(/** @type {string} */ conversationId, /** @type {any[]} */ fields) {
      const current = conversations.get(conversationId);
      if (!current) return { code: 404, msg: `No conversation ${conversationId}.` };
      const next = structuredClone(current);
      const ts = now();
      for (const field of fields) {
        const error = applyField(next, field, ts);
        if (error) return { code: 400, msg: error };
      }
      next.metaDataLastUpdateTs = ts;
      conversations.set(conversationId, next);
      return undefined;
    },

    /**
     * .ams.ms.PublishEvent: the event, stored in its dialog with the next sequence, by the agent;
     * a Refusal for an unknown (404) or not open (400) dialog.
     * @returns {{ event: MessagingEvent } | Refusal}
     */
    publish(/** @type {{ dialogId: string, event: any, metadata?: any }} */ body) {
      const found = findDialog(body.dialogId);
      if (!found) return { code: 404, msg: `No dialog ${body.dialogId}.` };
      if (found.dialog.state !== "OPEN") return { code: 400, msg: `The dialog ${body.dialogId} is not open.` };
      const list = events.get(body.dialogId) ?? [];
      /** @type {MessagingEvent} */
      const event = { sequence: list.length, originatorId: userId, originatorPId: userId, serverTimestamp: now(), event: structuredClone(body.event), dialogId: body.dialogId };
      if (body.metadata) event.metadata = structuredClone(body.metadata);
      list.push(event);
      events.set(body.dialogId, list);
      return { event };
    },

    /**
     * .ams.ms.QueryMessages: copies of a dialog's events, filtered by sequence and capped at
     * maxQuantity; a Refusal (404) for an unknown dialog.
     * @returns {{ events: MessagingEvent[] } | Refusal}
     */
    queryMessages(/** @type {{ dialogId: string, olderThanSequence?: number, newerThanSequence?: number, maxQuantity?: number }} */ body) {
      if (!findDialog(body.dialogId)) return { code: 404, msg: `No dialog ${body.dialogId}.` };
      let list = events.get(body.dialogId) ?? [];
      if (body.olderThanSequence !== undefined) list = list.filter((e) => e.sequence < body.olderThanSequence);
      if (body.newerThanSequence !== undefined) list = list.filter((e) => e.sequence > body.newerThanSequence);
      if (body.maxQuantity !== undefined) list = list.slice(0, body.maxQuantity);
      return { events: structuredClone(list) };
    },

    /** .ams.ms.GenerateURLForUploadFile: a new signed slot, valid for 10 minutes, as the response body. */
    openUpload(/** @type {{ fileType: UploadSlot["fileType"], fileSize: number }} */ body) {
      const relativePath = `/v1/AUTH_async-images/${accountId}/${uuid()}.${FILE_EXT[body.fileType] ?? "bin"}`;
      const expires = String(Math.floor(clock() / 1000) + UPLOAD_TTL_S);
      const sig = sign(relativePath, expires);
      uploadSlots.set(relativePath, { sig, expires, fileSize: body.fileSize, fileType: body.fileType });
      return { relativePath, queryParams: { temp_url_sig: sig, temp_url_expires: expires } };
    },
    /** The open upload slot at `relativePath`, or undefined. */
    uploadSlot: (/** @type {string} */ relativePath) => uploadSlots.get(relativePath),
    /** Whether the URL's signature and expiry are the slot's, and it has not expired. */
    uploadAllowed: (/** @type {UploadSlot} */ slot, /** @type {string | null} */ sig, /** @type {string | null} */ expires) =>
      sig === slot.sig && expires === slot.expires && Number(expires) * 1000 >= clock(),
    /** The PUT's body received: the slot is used up and the upload recorded. */
    completeUpload(/** @type {string} */ relativePath, /** @type {UploadSlot} */ slot, /** @type {{ contentType: string | null, bytes: Buffer }} */ { contentType, bytes }) {
      uploadSlots.delete(relativePath);
      uploads.push({ relativePath, contentType, size: bytes.length, bytes: new Uint8Array(bytes), fileType: slot.fileType, declaredSize: slot.fileSize });
    },

    /** Back to the seed: conv-1 only, no events, slots or uploads. Subscriptions stay (their sockets stay open). */
    reset() {
      conversations.clear();
      events.clear();
      uploadSlots.clear();
      uploads.length = 0;
      seed("conv-1");
    },
  };
}
