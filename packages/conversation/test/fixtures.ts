// Fixtures for the Conversation state tests: valid ConversationDetails, changed copies of them,
// a fake ConversationHost and an event recorder. No network, no Connection.
import { vi } from "vitest";
import { Conversation, type ConversationEvents, type ConversationHost, type StateNotification } from "../src/conversation.js";
import type { ConversationDetails, Dialog, ParticipantDetail, ParticipantRole, ParticipantState } from "../src/generated/events.js";

export const ACCOUNT_ID = "12345678";
export const AGENT_ID = "12345678.a-1";
export const CONV_ID = "conv-1";
export const T0 = 1_700_000_000_000;

export const EVENT_NAMES = [
  "dialog:close",
  "back-to-queue",
  "consumer-step-up",
  "group-change",
  "manual-ettr-change",
  "participant-added",
  "participant-removed",
  "participant-suggested",
  "participant-suggested-removed",
  "transfer-agent",
  "transfer-skill",
  "ttr-change",
] as const satisfies readonly (keyof ConversationEvents)[];

export type EventName = (typeof EVENT_NAMES)[number];

export function p(id: string, role: ParticipantRole, state: ParticipantState = "ACTIVE"): ParticipantDetail {
  return { id, role, state };
}

export const CONSUMER = p("c-1", "CONSUMER");
export const AGENT = p(AGENT_ID, "ASSIGNED_AGENT");

/** The MAIN dialog dlg-1, OPEN, with the consumer and the assigned agent ACTIVE. */
export function mainDialog(overrides: Partial<Dialog> = {}): Dialog {
  return {
    dialogId: "dlg-1",
    dialogType: "MAIN",
    channelType: "MESSAGING",
    state: "OPEN",
    participantsDetails: [{ ...CONSUMER }, { ...AGENT }],
    creationTs: T0,
    metaDataLastUpdateTs: T0,
    ...overrides,
  };
}

/** Valid ConversationDetails; `overrides` replace top-level fields. */
export function details(overrides: Partial<ConversationDetails> = {}): ConversationDetails {
  const base: ConversationDetails = {
    participants: [
      { id: "c-1", role: "CONSUMER" },
      { id: AGENT_ID, role: "ASSIGNED_AGENT" },
    ],
    dialogs: [mainDialog()],
    skillId: "s-1",
    groupId: "g-1",
    brandId: ACCOUNT_ID,
    state: "OPEN",
    stage: "OPEN",
    startTs: T0,
    metaDataLastUpdateTs: T0,
    ttr: { ttrType: "NORMAL", value: 3600 },
  };
  return { ...base, ...overrides };
}

/**
 * A changed copy of `d` at `ts` (default: 1 s later): `change` edits the copy in place. The
 * conversation's metaDataLastUpdateTs is set to `ts`, so the result is newer than `d`.
 */
export function changed(d: ConversationDetails, change: (draft: ConversationDetails) => void = () => {}, ts = d.metaDataLastUpdateTs + 1000): ConversationDetails {
  const draft = structuredClone(d);
  change(draft);
  draft.metaDataLastUpdateTs = ts;
  return draft;
}

/** A copy of `d` whose only difference is its metaDataLastUpdateTs. */
export function at(d: ConversationDetails, ts: number): ConversationDetails {
  return changed(d, () => {}, ts);
}

/** The MAIN dialog of a draft (the first one), for edits. */
export function mainOf(d: ConversationDetails): Dialog {
  const main = d.dialogs.find((x) => x.dialogType === "MAIN");
  if (!main) throw new Error("fixture has no MAIN dialog");
  return main;
}

/** Sets the MAIN dialog's participants and the conversation's participant list to match (ACTIVE ones). */
export function setParticipants(d: ConversationDetails, list: ParticipantDetail[]): void {
  mainOf(d).participantsDetails = list.map((x) => ({ ...x }));
  d.participants = list.filter((x) => x.state === "ACTIVE").map(({ id, role }) => ({ id, role }));
}

export function notification(d: ConversationDetails, extra: Omit<Partial<StateNotification>, "conversationDetails"> = {}): StateNotification {
  return { convId: CONV_ID, conversationDetails: d, ...extra };
}

export interface FakeHost extends ConversationHost {
  request: ReturnType<typeof vi.fn<(type: string, body: object) => Promise<unknown>>>;
  upload: ReturnType<typeof vi.fn<ConversationHost["upload"]>>;
  unload: ReturnType<typeof vi.fn<ConversationHost["unload"]>>;
}

export function fakeHost(): FakeHost {
  return {
    accountId: ACCOUNT_ID,
    userId: AGENT_ID,
    agentName: "Ana",
    kind: "brand",
    request: vi.fn(async (_type: string, _body: object): Promise<unknown> => ({})),
    upload: vi.fn(async () => {}),
    unload: vi.fn(() => true),
  };
}

/** A fresh Conversation on a fake host, with `initial` (if given) applied as its first state. */
export function conversation(initial?: ConversationDetails, extra: Omit<Partial<StateNotification>, "conversationDetails"> = {}): { conv: Conversation; host: FakeHost } {
  const host = fakeHost();
  const conv = new Conversation(host, CONV_ID);
  if (initial) conv.processStateNotification(notification(initial, extra));
  return { conv, host };
}

export interface Emitted {
  name: EventName;
  payload: unknown;
}

/** Listens to every event of `conv`; `log` holds what was emitted, in order. */
export function recordEvents(conv: Conversation): { log: Emitted[]; take(): Emitted[] } {
  const log: Emitted[] = [];
  for (const name of EVENT_NAMES) {
    conv.on(name, (...args: unknown[]) => {
      log.push({ name, payload: args[0] });
    });
  }
  return {
    log,
    /** What was emitted since the last take(). */
    take() {
      return log.splice(0, log.length);
    },
  };
}

/** The events one call emits. */
export function eventsOf(conv: Conversation, recorder: { take(): Emitted[] }, n: StateNotification): Emitted[] {
  recorder.take();
  conv.processStateNotification(n);
  return recorder.take();
}

/** Order-insensitive canonical form of an event list, for exact multiset comparison. */
export function canonical(list: Emitted[]): string[] {
  return list.map((e) => JSON.stringify([e.name, e.payload ?? null])).sort();
}
