// Conversation as a state machine: members read from the latest state, notification counters,
// the events each change implies (once each), and a property test over shuffled, duplicated
// deliveries.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Conversation, type StateNotification } from "../src/conversation.js";
import { ValidationError } from "../src/index.js";
import type { ConversationDetails, DialogType, ParticipantDetail, ParticipantState, TTRType } from "../src/generated/events.js";
import {
  AGENT,
  AGENT_ID,
  CONSUMER,
  T0,
  at,
  canonical,
  changed,
  conversation,
  details,
  eventsOf,
  fakeHost,
  mainDialog,
  mainOf,
  notification,
  p,
  recordEvents,
  setParticipants,
  type Emitted,
} from "./fixtures.js";

/** Applies `before` then returns what `after` emits (the full list). */
function transition(before: ConversationDetails, after: ConversationDetails, extra: Omit<Partial<StateNotification>, "conversationDetails"> = {}): { events: Emitted[]; conv: Conversation } {
  const { conv } = conversation(before);
  const rec = recordEvents(conv);
  const events = eventsOf(conv, rec, notification(after, extra));
  return { events, conv };
}

function expectEvents(actual: Emitted[], expected: Emitted[]): void {
  expect(canonical(actual)).toEqual(canonical(expected));
}

describe("members from a state", () => {
  it("are empty before the first state", () => {
    const conv = new Conversation(fakeHost(), "conv-1");
    expect(conv.state).toBeUndefined();
    expect(conv.assignedAgent).toBeNull();
    expect(conv.consumer).toBeNull();
    expect(conv.campaignId).toBeUndefined();
    expect(conv.handlerAccountId).toBeUndefined();
    expect(conv.appInstId).toBeUndefined();
    expect(conv.note).toBeUndefined();
    expect(conv.numberOfunreadMessages).toEqual({});
    expect(conv.ttrEffective).toBeNull();
    expect(conv.getDialog("MAIN")).toBeUndefined();
    expect([conv.notificationCount, conv.notificationIgnoredCount, conv.notificationOutOfOrderCount]).toEqual([0, 0, 0]);
  });

  it("assignedAgent and consumer are the ACTIVE ones of the MAIN dialog", () => {
    const { conv } = conversation(details());
    expect(conv.assignedAgent).toEqual(AGENT);
    expect(conv.consumer).toEqual(CONSUMER);
  });

  it("assignedAgent and consumer are null when the conversation is CLOSE", () => {
    const { conv } = conversation(details({ state: "CLOSE", stage: "CLOSE", dialogs: [mainDialog({ state: "CLOSE" })] }));
    expect(conv.assignedAgent).toBeNull();
    expect(conv.consumer).toBeNull();
  });

  it("assignedAgent and consumer are null when there is none", () => {
    const d = details();
    setParticipants(d, []);
    const { conv } = conversation(d);
    expect(conv.assignedAgent).toBeNull();
    expect(conv.consumer).toBeNull();
  });

  it("a SUGGESTED agent is not the assigned agent", () => {
    const d = details();
    setParticipants(d, [CONSUMER, p("12345678.a-2", "ASSIGNED_AGENT", "SUGGESTED")]);
    const { conv } = conversation(d);
    expect(conv.assignedAgent).toBeNull();
    expect(conv.consumer).toEqual(CONSUMER);
  });

  it("campaignId comes from campaignInfo", () => {
    expect(conversation(details({ campaignInfo: { campaignId: "camp-9", engagementId: "eng-1" } })).conv.campaignId).toBe("camp-9");
    expect(conversation(details()).conv.campaignId).toBeUndefined();
  });

  it("handlerAccountId is conversationHandlerDetails.accountId, else brandId", () => {
    expect(conversation(details({ conversationHandlerDetails: { accountId: "87654321", skillId: "s-9" } })).conv.handlerAccountId).toBe("87654321");
    expect(conversation(details({ brandId: "12345678" })).conv.handlerAccountId).toBe("12345678");
  });

  it("appInstId is the MAIN dialog's metaData.appInstallId", () => {
    expect(conversation(details({ dialogs: [mainDialog({ metaData: { appInstallId: "app-7" } })] })).conv.appInstId).toBe("app-7");
    expect(conversation(details()).conv.appInstId).toBeUndefined();
  });

  it("note and numberOfunreadMessages come from the state", () => {
    const { conv } = conversation(details({ note: "hello", numberOfunreadMessages: { "c-1": 3, [AGENT_ID]: 0 } }));
    expect(conv.note).toBe("hello");
    expect(conv.numberOfunreadMessages).toEqual({ "c-1": 3, [AGENT_ID]: 0 });
  });

  it("ttrEffective is the notification's effectiveTTR, else manualETTR, else null", () => {
    expect(conversation(details({ manualETTR: T0 + 5 }), { effectiveTTR: T0 + 9 }).conv.ttrEffective).toBe(T0 + 9);
    expect(conversation(details({ manualETTR: T0 + 5 })).conv.ttrEffective).toBe(T0 + 5);
    expect(conversation(details()).conv.ttrEffective).toBeNull();
  });

  // The newest applied notification has no effectiveTTR: the brief's rule ("the notification's
  // effectiveTTR, else manualETTR") gives manualETTR; the code keeps the previous notification's value.
  it("ttrEffective: a newer notification without effectiveTTR falls back to manualETTR (stale effectiveTTR kept)", () => {
    const first = details();
    const { conv } = conversation(first, { effectiveTTR: T0 + 9 });
    conv.processStateNotification(notification(changed(first, (d) => (d.manualETTR = T0 + 5))));
    expect(conv.ttrEffective).toBe(T0 + 5);
  });

  it("getDialog returns the last updated dialog of that type, whatever the order", () => {
    const older = mainDialog({ dialogId: "dlg-0", metaDataLastUpdateTs: T0 - 10 });
    const newer = mainDialog({ dialogId: "dlg-1", metaDataLastUpdateTs: T0 + 10 });
    const survey = mainDialog({ dialogId: "dlg-2", dialogType: "POST_SURVEY", metaDataLastUpdateTs: T0 + 20 });
    expect(conversation(details({ dialogs: [older, newer, survey] })).conv.getDialog("MAIN")?.dialogId).toBe("dlg-1");
    expect(conversation(details({ dialogs: [newer, older, survey] })).conv.getDialog("MAIN")?.dialogId).toBe("dlg-1");
    expect(conversation(details({ dialogs: [newer, older, survey] })).conv.getDialog("POST_SURVEY")?.dialogId).toBe("dlg-2");
    expect(conversation(details()).conv.getDialog("POST_SURVEY")).toBeUndefined();
    expect(() => conversation(details()).conv.getDialog("OTHER" as DialogType)).toThrow(ValidationError);
  });
});

describe("notification counters", () => {
  it("first applies, same content is ignored, older is out of order, newer applies", () => {
    const s1 = details({ metaDataLastUpdateTs: T0 + 1000 });
    const { conv } = conversation();
    const rec = recordEvents(conv);

    expect(eventsOf(conv, rec, notification(s1))).toEqual([]);
    expect([conv.notificationCount, conv.notificationIgnoredCount, conv.notificationOutOfOrderCount]).toEqual([1, 0, 0]);
    expect(conv.state).toEqual(s1);

    // Same content (a fresh, equal object): ignored, no events.
    expect(eventsOf(conv, rec, notification(structuredClone(s1)))).toEqual([]);
    expect([conv.notificationCount, conv.notificationIgnoredCount, conv.notificationOutOfOrderCount]).toEqual([2, 1, 0]);

    // Older, with changes that would emit events: out of order, state unchanged, no events.
    const older = changed(s1, (d) => {
      d.groupId = "g-old";
      setParticipants(d, [CONSUMER]);
    }, T0);
    const before = conv.state;
    expect(eventsOf(conv, rec, notification(older, { effectiveTTR: 1 }))).toEqual([]);
    expect([conv.notificationCount, conv.notificationIgnoredCount, conv.notificationOutOfOrderCount]).toEqual([3, 1, 1]);
    expect(conv.state).toBe(before);
    expect(conv.ttrEffective).toBeNull();

    // Newer: applies.
    const s2 = changed(s1, (d) => (d.groupId = "g-2"));
    expect(eventsOf(conv, rec, notification(s2))).toEqual([{ name: "group-change", payload: { prevGroupId: "g-1", newGroupId: "g-2" } }]);
    expect([conv.notificationCount, conv.notificationIgnoredCount, conv.notificationOutOfOrderCount]).toEqual([4, 1, 1]);
    expect(conv.state).toEqual(s2);
  });

  it("a newer notification that changes nothing but the timestamp applies without events", () => {
    const s1 = details();
    const { events, conv } = transition(s1, at(s1, T0 + 1));
    expect(events).toEqual([]);
    expect(conv.state?.metaDataLastUpdateTs).toBe(T0 + 1);
    expect([conv.notificationCount, conv.notificationIgnoredCount, conv.notificationOutOfOrderCount]).toEqual([2, 0, 0]);
  });

  it("note, csat and unread-count changes apply without events", () => {
    const s1 = details();
    const { events, conv } = transition(
      s1,
      changed(s1, (d) => {
        d.note = "n";
        d.csat = { csatRate: 5, csatResolutionConfirmation: true, status: "FILLED" };
        d.numberOfunreadMessages = { "c-1": 2 };
      }),
    );
    expect(events).toEqual([]);
    expect(conv.note).toBe("n");
  });

  it.each([null, undefined, {}, { conversationDetails: 5 }, { conversationDetails: null }, "x", 7])("garbage %j → ValidationError, counters untouched", (garbage) => {
    const { conv } = conversation();
    expect(() => conv.processStateNotification(garbage as unknown as StateNotification)).toThrow(ValidationError);
    expect([conv.notificationCount, conv.notificationIgnoredCount, conv.notificationOutOfOrderCount]).toEqual([0, 0, 0]);
    const { conv: withState } = conversation(details());
    expect(() => withState.processStateNotification(garbage as unknown as StateNotification)).toThrow(ValidationError);
    expect([withState.notificationCount, withState.notificationIgnoredCount, withState.notificationOutOfOrderCount]).toEqual([1, 0, 0]);
    expect(withState.state).toEqual(details());
  });
});

describe("events: each from the exact change that implies it, once", () => {
  const s1 = details();
  const M = p("12345678.m-1", "MANAGER");
  const MS = p("12345678.m-1", "MANAGER", "SUGGESTED");
  const A2S = p("12345678.a-2", "ASSIGNED_AGENT", "SUGGESTED");

  it("dialog:close with {state, metaDataLastUpdateTs, participantDetails}", () => {
    const s2 = changed(s1, (d) => {
      d.state = "CLOSE";
      d.stage = "CLOSE";
      Object.assign(mainOf(d), { state: "CLOSE", metaDataLastUpdateTs: T0 + 700, endTs: T0 + 700 });
    });
    const { events } = transition(s1, s2);
    expect(events).toEqual([{ name: "dialog:close", payload: { state: "CLOSE", metaDataLastUpdateTs: T0 + 700, participantDetails: [CONSUMER, AGENT] } }]);
    // Still closed next time: not again.
    const { events: again } = transition(s2, changed(s2, (d) => (d.note = "after")));
    expect(again).toEqual([]);
  });

  it("participant-added (previouslySuggested false)", () => {
    const { events } = transition(s1, changed(s1, (d) => setParticipants(d, [CONSUMER, AGENT, M])));
    expect(events).toEqual([{ name: "participant-added", payload: { participant: M, context: { previouslySuggested: false } } }]);
  });

  it("participant-added with context.previouslySuggested true when SUGGESTED → ACTIVE", () => {
    const before = changed(s1, (d) => setParticipants(d, [CONSUMER, AGENT, MS]));
    const { events } = transition(before, changed(before, (d) => setParticipants(d, [CONSUMER, AGENT, M])));
    expect(events).toEqual([{ name: "participant-added", payload: { participant: M, context: { previouslySuggested: true } } }]);
  });

  it("participant-removed", () => {
    const before = changed(s1, (d) => setParticipants(d, [CONSUMER, AGENT, M]));
    const { events } = transition(before, changed(before, (d) => setParticipants(d, [CONSUMER, AGENT])));
    expect(events).toEqual([{ name: "participant-removed", payload: M }]);
  });

  it("participant-suggested", () => {
    const { events } = transition(s1, changed(s1, (d) => setParticipants(d, [CONSUMER, AGENT, MS])));
    expect(events).toEqual([{ name: "participant-suggested", payload: MS }]);
  });

  it("participant-suggested-removed", () => {
    const before = changed(s1, (d) => setParticipants(d, [CONSUMER, AGENT, MS]));
    const { events } = transition(before, changed(before, (d) => setParticipants(d, [CONSUMER, AGENT])));
    expect(events).toEqual([{ name: "participant-suggested-removed", payload: MS }]);
  });

  it("transfer-agent when an ASSIGNED_AGENT is suggested (and no back-to-queue)", () => {
    const { events } = transition(s1, changed(s1, (d) => setParticipants(d, [CONSUMER, A2S])));
    expectEvents(events, [
      { name: "participant-removed", payload: AGENT },
      { name: "participant-suggested", payload: A2S },
      { name: "transfer-agent", payload: A2S },
    ]);
  });

  it("a suggested MANAGER is no transfer-agent", () => {
    const { events } = transition(s1, changed(s1, (d) => setParticipants(d, [CONSUMER, AGENT, MS])));
    expect(events.map((e) => e.name)).not.toContain("transfer-agent");
  });

  it("transfer-skill when the skill changes and the assigned agent is removed (no back-to-queue)", () => {
    const { events } = transition(
      s1,
      changed(s1, (d) => {
        d.skillId = "s-2";
        setParticipants(d, [CONSUMER]);
      }),
    );
    expectEvents(events, [
      { name: "participant-removed", payload: AGENT },
      { name: "transfer-skill", payload: { skillId: "s-2" } },
    ]);
  });

  it("a skill change alone is no transfer-skill", () => {
    const { events } = transition(s1, changed(s1, (d) => (d.skillId = "s-2")));
    expect(events).toEqual([]);
  });

  it("back-to-queue when the assigned agent is removed, none suggested, same skill", () => {
    const { events } = transition(s1, changed(s1, (d) => setParticipants(d, [CONSUMER])));
    expectEvents(events, [
      { name: "participant-removed", payload: AGENT },
      { name: "back-to-queue", payload: undefined },
    ]);
  });

  it("no back-to-queue when a new agent is assigned at once", () => {
    const A2 = p("12345678.a-2", "ASSIGNED_AGENT");
    const { events } = transition(s1, changed(s1, (d) => setParticipants(d, [CONSUMER, A2])));
    expectEvents(events, [
      { name: "participant-removed", payload: AGENT },
      { name: "participant-added", payload: { participant: A2, context: { previouslySuggested: false } } },
    ]);
  });

  it("consumer-step-up when the consumer is replaced by a different id", () => {
    const C2 = p("c-2", "CONSUMER");
    const { events } = transition(s1, changed(s1, (d) => setParticipants(d, [C2, AGENT])));
    expectEvents(events, [
      { name: "participant-removed", payload: CONSUMER },
      { name: "participant-added", payload: { participant: C2, context: { previouslySuggested: false } } },
      { name: "consumer-step-up", payload: undefined },
    ]);
  });

  it("a consumer removed without replacement is no step-up", () => {
    const { events } = transition(s1, changed(s1, (d) => setParticipants(d, [AGENT])));
    expect(events).toEqual([{ name: "participant-removed", payload: CONSUMER }]);
  });

  it("group-change {prevGroupId, newGroupId}", () => {
    const { events } = transition(s1, changed(s1, (d) => (d.groupId = "g-2")));
    expect(events).toEqual([{ name: "group-change", payload: { prevGroupId: "g-1", newGroupId: "g-2" } }]);
  });

  it("ttr-change {ttrValue, ttrType, ttrEffective}", () => {
    const { events } = transition(s1, changed(s1, (d) => (d.ttr = { ttrType: "PRIORITIZED", value: 600 })), { effectiveTTR: T0 + 600_000 });
    expect(events).toEqual([{ name: "ttr-change", payload: { ttrValue: 600, ttrType: "PRIORITIZED", ttrEffective: T0 + 600_000 } }]);
  });

  it("manual-ettr-change {ttrEffectiveManual, ttrEffective}", () => {
    const { events } = transition(s1, changed(s1, (d) => (d.manualETTR = T0 + 42)));
    expect(events).toEqual([{ name: "manual-ettr-change", payload: { ttrEffectiveManual: T0 + 42, ttrEffective: T0 + 42 } }]);
  });

  it("several changes at once: each event once", () => {
    const s2 = changed(s1, (d) => {
      d.groupId = "g-2";
      d.ttr = { ttrType: "URGENT", value: 60 };
      d.manualETTR = T0 + 1;
      setParticipants(d, [CONSUMER, AGENT, M]);
    });
    const { events } = transition(s1, s2);
    expectEvents(events, [
      { name: "group-change", payload: { prevGroupId: "g-1", newGroupId: "g-2" } },
      { name: "ttr-change", payload: { ttrValue: 60, ttrType: "URGENT", ttrEffective: T0 + 1 } },
      { name: "manual-ettr-change", payload: { ttrEffectiveManual: T0 + 1, ttrEffective: T0 + 1 } },
      { name: "participant-added", payload: { participant: M, context: { previouslySuggested: false } } },
    ]);
  });

  // getDialog("MAIN") (and so consumer/assignedAgent) reads the LAST UPDATED MAIN dialog, but the
  // participant events compare the FIRST MAIN dialog of the list (participantsOf uses find()).
  it("participant events follow the same MAIN dialog as getDialog (last updated)", () => {
    const old = mainDialog({ dialogId: "dlg-0", metaDataLastUpdateTs: T0 - 10, state: "CLOSE" });
    const before = details({ dialogs: [old, mainDialog({ metaDataLastUpdateTs: T0 })] });
    const after = changed(before, (d) => {
      const current = d.dialogs[1];
      if (current) current.participantsDetails = [CONSUMER, AGENT, M];
    });
    const { events, conv } = transition(before, after);
    expect(conv.getDialog("MAIN")?.participantsDetails).toContainEqual(M);
    expect(events).toEqual([{ name: "participant-added", payload: { participant: M, context: { previouslySuggested: false } } }]);
  });
});

// ---- the property ------------------------------------------------------------------------------

const POOL: { id: string; role: ParticipantDetail["role"] }[] = [
  { id: "c-1", role: "CONSUMER" },
  { id: "c-2", role: "CONSUMER" },
  { id: AGENT_ID, role: "ASSIGNED_AGENT" },
  { id: "12345678.a-2", role: "ASSIGNED_AGENT" },
  { id: "12345678.m-1", role: "MANAGER" },
];

const participantsArb = fc
  .tuple(...POOL.map(() => fc.option(fc.constantFrom<ParticipantState>("ACTIVE", "SUGGESTED"), { nil: undefined })))
  .map((states) => POOL.flatMap((x, i) => (states[i] ? [p(x.id, x.role, states[i])] : [])));

const variantArb = fc.record({
  participants: participantsArb,
  skillId: fc.constantFrom("s-1", "s-2", "s-3"),
  groupId: fc.constantFrom("g-1", "g-2"),
  ttr: fc.record({ ttrType: fc.constantFrom<TTRType>("NORMAL", "URGENT", "PRIORITIZED", "CUSTOM"), value: fc.constantFrom(60, 600, 3600) }),
  note: fc.option(fc.constantFrom("a", "b", "a\n\nb"), { nil: undefined }),
  manualETTR: fc.option(fc.constantFrom(T0 + 1, T0 + 2), { nil: undefined }),
  dialogState: fc.constantFrom<"OPEN" | "CLOSE">("OPEN", "OPEN", "CLOSE"),
  // Always present here, so each change replays the same from its two states alone.
  effectiveTTR: fc.constantFrom(T0 + 11, T0 + 12),
});

type Variant = typeof variantArb extends fc.Arbitrary<infer V> ? V : never;

function stateOf(v: Variant, i: number): StateNotification {
  const ts = T0 + (i + 1) * 1000;
  const d = details({ skillId: v.skillId, groupId: v.groupId, ttr: v.ttr, metaDataLastUpdateTs: ts, state: v.dialogState, stage: v.dialogState });
  if (v.note !== undefined) d.note = v.note;
  if (v.manualETTR !== undefined) d.manualETTR = v.manualETTR;
  d.dialogs = [mainDialog({ state: v.dialogState, metaDataLastUpdateTs: ts })];
  setParticipants(d, v.participants);
  return notification(d, { effectiveTTR: v.effectiveTTR });
}

/** 2–8 states with strictly increasing timestamps, and a delivery: a shuffle of them with duplicates inserted. */
const scenarioArb = fc.array(variantArb, { minLength: 2, maxLength: 8 }).chain((variants) => {
  const n = variants.length;
  const indices = Array.from({ length: n }, (_, i) => i);
  return fc
    .tuple(
      fc.shuffledSubarray(indices, { minLength: n, maxLength: n }),
      fc.array(fc.tuple(fc.nat({ max: n - 1 }), fc.nat()), { maxLength: 2 * n }),
    )
    .map(([order, extras]) => {
      const delivery = [...order];
      for (const [index, pos] of extras) delivery.splice(pos % (delivery.length + 1), 0, index);
      return { states: variants.map(stateOf), delivery };
    });
});

interface Run {
  conv: Conversation;
  perCall: Emitted[][];
  applied: boolean[];
}

function deliver(states: StateNotification[], delivery: number[]): Run {
  const { conv } = conversation();
  const rec = recordEvents(conv);
  const perCall: Emitted[][] = [];
  const applied: boolean[] = [];
  for (const i of delivery) {
    const before = conv.state;
    // A fresh copy per delivery: duplicates are equal, never the same object.
    const n = structuredClone(states[i]!);
    perCall.push(eventsOf(conv, rec, n));
    applied.push(conv.state !== before);
  }
  return { conv, perCall, applied };
}

describe("property: shuffled, duplicated deliveries", () => {
  it("end in the newest state, count every notification once, emit each change's events once, deterministically", () => {
    fc.assert(
      fc.property(scenarioArb, ({ states, delivery }) => {
        const run = deliver(states, delivery);
        const { conv, perCall, applied } = run;
        const newest = states[states.length - 1]!;

        // Final state is the newest.
        expect(conv.state).toEqual(newest.conversationDetails);

        // Counters: every delivery counted, and each is exactly one of applied / ignored / out of order.
        const appliedCount = applied.filter(Boolean).length;
        expect(conv.notificationCount).toBe(delivery.length);
        expect(conv.notificationCount).toBe(appliedCount + conv.notificationIgnoredCount + conv.notificationOutOfOrderCount);

        // Against a model: the current index moves only forward.
        let current: number | undefined;
        const model = { applied: 0, ignored: 0, outOfOrder: 0 };
        const expectApplied = delivery.map((i) => {
          if (current === i) model.ignored++;
          else if (current !== undefined && i < current) model.outOfOrder++;
          else {
            model.applied++;
            current = i;
            return true;
          }
          return false;
        });
        expect(applied).toEqual(expectApplied);
        expect({ applied: appliedCount, ignored: conv.notificationIgnoredCount, outOfOrder: conv.notificationOutOfOrderCount }).toEqual(model);

        // Events only from applied changes (never the first), no identical (name, payload) twice in one call.
        let prevApplied: StateNotification | undefined;
        delivery.forEach((i, k) => {
          const events = perCall[k]!;
          if (!applied[k] || prevApplied === undefined) expect(events).toEqual([]);
          const keys = canonical(events);
          expect(new Set(keys).size).toBe(keys.length);
          // The change alone implies the same events: (previous applied state → this one) on a fresh conversation.
          if (applied[k] && prevApplied !== undefined) {
            const pair = deliver([prevApplied, states[i]!], [0, 1]);
            expect(canonical(events)).toEqual(canonical(pair.perCall[1]!));
          }
          if (applied[k]) prevApplied = states[i];
        });

        // Determinism: the same delivery on a fresh Conversation emits the same events.
        const replay = deliver(states, delivery);
        expect(replay.perCall).toEqual(perCall);
        expect([replay.conv.notificationCount, replay.conv.notificationIgnoredCount, replay.conv.notificationOutOfOrderCount]).toEqual([
          conv.notificationCount,
          conv.notificationIgnoredCount,
          conv.notificationOutOfOrderCount,
        ]);
      }),
      { numRuns: 300 },
    );
  });
});
