// Stage 2, resolve (AsyncAPI): the spec's operations, the messages they reference and their
// replies, and the `x-parley-client-events` extension, turned into one list of events per
// direction. Wire event name = message `name`, falling back to the message key. Nothing here
// knows about any particular API.
import { deref, escapePointer, refOf } from "./refs.mjs";
import { SpecError } from "./spec-error.mjs";

/** @typedef {import("./refs.mjs").SpecNode} SpecNode */

/**
 * What the spec says about an event, for its JSDoc (see jsdoc.mjs), as written in the spec.
 * @typedef {{
 *   summary?: string, description?: string,
 *   operation?: { id: string, action: string, summary?: string, description?: string, methods: string[] },
 *   acks: string[],
 * }} EventDoc
 */

/**
 * One event: its wire name, payload schema (raw, may be a `$ref`), and for client events the ack
 * messages (`undefined`: the server does not ack).
 * @typedef {{
 *   name: string, operationId?: string, description?: string, payload: SpecNode,
 *   ack?: { name: string, payload: SpecNode }[], doc: EventDoc,
 * }} EventEntry
 */

/** @typedef {{ client: EventEntry[], server: EventEntry[], sdk: EventEntry[] }} EventModel */

/**
 * Every event of the AsyncAPI document `doc`: `send` operations -> `client`, `receive` ->
 * `server`, `x-parley-client-events` -> `sdk`. Non-fatal inconsistencies (an `x-parley-ack` that
 * disagrees with the reply) are pushed onto `warnings`; contradictions are a `SpecError`.
 * @param {SpecNode} doc
 * @param {string[]} warnings
 * @returns {EventModel}
 */
export function resolveEvents(doc, warnings) {
  /** @type {EventEntry[]} */
  const client = [];
  /** @type {EventEntry[]} */
  const server = [];
  /** @type {{ client: Map<string, EventEntry>, server: Map<string, EventEntry> }} */
  const byName = { client: new Map(), server: new Map() };

  for (const [opId, rawOp] of Object.entries(doc.operations ?? {})) {
    const { value: op } = deref(doc, rawOp);
    if (op.action !== "send" && op.action !== "receive") continue;
    const side = op.action === "send" ? "client" : "server";
    const where = `operations/${opId}`;

    /** @type {EventEntry["ack"]} */
    let ack;
    /** @type {string[]} */
    const acks = [];
    if (side === "client") {
      const flag = op["x-parley-ack"];
      const reply = op.reply ? deref(doc, op.reply).value : undefined;
      const replyMsgs = reply?.messages?.length
        ? reply.messages
        : reply?.channel
          ? opMessages(doc, { channel: reply.channel })
          : [];
      if (flag === undefined) warnings.push(`${where}: send operation has no x-parley-ack`);
      if (flag === true && replyMsgs.length === 0)
        warnings.push(`${where}: x-parley-ack is true but there is no reply message (ack typed never)`);
      if (flag === false && replyMsgs.length > 0)
        warnings.push(`${where}: x-parley-ack is false but a reply is declared (ack typed never)`);
      if (flag !== false && replyMsgs.length > 0) {
        ack = replyMsgs.map((/** @type {SpecNode} */ m, /** @type {number} */ i) => {
          const { message, name } = eventName(doc, m);
          const text = message.summary ?? message.description;
          if (typeof text === "string") acks.push(text);
          return { name, payload: payloadOf(message, `${where}/reply/messages/${i}`) };
        });
      }
    }

    opMessages(doc, op).forEach((m, i) => {
      const { name, message } = eventName(doc, m);
      /** @type {EventEntry} */
      const entry = {
        name,
        operationId: opId,
        description: message.summary ?? message.description ?? op.summary ?? op.description,
        payload: payloadOf(message, `${where}/messages/${i}`),
        ack,
        doc: {
          summary: message.summary,
          description: message.description,
          operation: {
            id: opId,
            action: op.action,
            summary: op.summary,
            description: op.description,
            methods: [op["x-parley-method"] ?? []].flat().map(String),
          },
          acks,
        },
      };
      const seen = byName[side].get(name);
      if (seen) {
        if (JSON.stringify(seen.payload) !== JSON.stringify(entry.payload) ||
            JSON.stringify(seen.ack) !== JSON.stringify(entry.ack)) {
          throw new SpecError(`${where}: ${side} event "${name}" is also defined by operations/${seen.operationId} with a different payload/ack`);
        }
        return;
      }
      byName[side].set(name, entry);
      (side === "client" ? client : server).push(entry);
    });
  }

  return { client, server, sdk: sdkEvents(doc) };
}

/**
 * The `x-parley-client-events` extension: a map (or list) of SDK-level events, each either a
 * wrapper `{ payload, summary?, description? }` or the payload schema itself.
 * @param {SpecNode} doc
 * @returns {EventEntry[]}
 */
function sdkEvents(doc) {
  /** @type {EventEntry[]} */
  const sdk = [];
  const ext = doc["x-parley-client-events"];
  if (ext === undefined) return sdk;
  const entries = Array.isArray(ext) ? ext.map((e) => [e?.name, e]) : Object.entries(ext ?? {});
  for (const [name, raw] of entries) {
    if (typeof name !== "string") throw new SpecError("x-parley-client-events: every entry needs a name");
    const { value: e } = deref(doc, raw);
    const isWrapper = e && typeof e === "object" && ("payload" in e || "summary" in e || "name" in e);
    sdk.push({
      name,
      description: isWrapper ? (e.summary ?? e.description) : undefined,
      payload: isWrapper ? e.payload : raw,
      doc: isWrapper ? { summary: e.summary, description: e.description, acks: [] } : { acks: [] },
    });
  }
  return sdk;
}

/**
 * The message a reference points at and its wire name (`name`, else the message's key).
 * @param {SpecNode} doc
 * @param {SpecNode} msgRef
 * @returns {{ name: string, message: SpecNode }}
 */
function eventName(doc, msgRef) {
  const { value: msg, key } = deref(doc, msgRef);
  return { name: typeof msg?.name === "string" ? msg.name : String(key), message: msg ?? {} };
}

/**
 * The operation's message references; AsyncAPI 3: omitting `messages` means "all messages of the
 * channel".
 * @param {SpecNode} doc
 * @param {SpecNode} op
 * @returns {SpecNode[]}
 */
function opMessages(doc, op) {
  let list = op.messages;
  if (!Array.isArray(list) || list.length === 0) {
    const { value: channel } = deref(doc, op.channel);
    list = Object.entries(channel?.messages ?? {}).map(([k, m]) =>
      m && m.$ref ? m : { $ref: `${refOf(op.channel)}/messages/${escapePointer(k)}` },
    );
  }
  return list;
}

/**
 * The message's payload schema (raw, may be a $ref), or undefined. Multi-format payloads other
 * than JSON Schema / AsyncAPI schema are a `SpecError`.
 * @param {SpecNode} message
 * @param {string} where
 * @returns {SpecNode}
 */
function payloadOf(message, where) {
  let p = message.payload;
  if (p && typeof p === "object" && "schemaFormat" in p && "schema" in p) {
    if (!/json|asyncapi/i.test(String(p.schemaFormat))) {
      throw new SpecError(`${where}: unsupported schemaFormat ${p.schemaFormat}`);
    }
    p = p.schema;
  }
  return p;
}
