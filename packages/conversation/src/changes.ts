// What a state change means: the seed's events one applied notification implies (dialogs closed, participants added,
// suggested and removed, transfers, back to queue, group and TTR changes), as a pure function of the two states.
import type { ConversationDetails, Dialog, DialogType, ParticipantDetail } from "./generated/events.js";
import type { ConversationEvents } from "./types.js";

/** An event to emit, with its listener's arguments. */
export type Emission = { [K in keyof ConversationEvents]: [K, ...ConversationEvents[K]] }[keyof ConversationEvents];

/**
 * The events one applied change implies, each once, in the order they are emitted. `ttr` is
 * `ttrEffective` before and after the change. Pure: it reads its arguments and changes nothing.
 */
export function changeEvents(prev: ConversationDetails, next: ConversationDetails, ttr: { before: number | null; after: number | null }): Emission[] {
  const out: Emission[] = [];
  const before = new Map((prev.dialogs ?? []).map((d) => [d.dialogId, d]));
  for (const dialog of next.dialogs ?? []) {
    if (dialog.state === "CLOSE" && before.get(dialog.dialogId)?.state !== "CLOSE") {
      out.push(["dialog:close", { state: dialog.state, metaDataLastUpdateTs: dialog.metaDataLastUpdateTs ?? next.metaDataLastUpdateTs, participantDetails: dialog.participantsDetails ?? [] }]);
    }
  }

  const was = participantsOf(prev);
  const now = participantsOf(next);
  let agentRemoved = false;
  let agentPresent = false;
  let consumerRemoved = false;
  let consumerAdded = false;
  for (const [key, p] of now) {
    const old = was.get(key);
    if (p.role === "ASSIGNED_AGENT") agentPresent = true;
    if (p.state === "ACTIVE" && old?.state !== "ACTIVE") {
      out.push(["participant-added", { participant: p, context: { previouslySuggested: old?.state === "SUGGESTED" } }]);
      if (p.role === "CONSUMER" && !old) consumerAdded = true;
    } else if (p.state === "SUGGESTED" && !old) {
      out.push(["participant-suggested", p]);
      if (p.role === "ASSIGNED_AGENT") out.push(["transfer-agent", p]);
    }
  }
  for (const [key, p] of was) {
    if (now.has(key)) continue;
    if (p.state === "SUGGESTED") {
      out.push(["participant-suggested-removed", p]);
      continue;
    }
    out.push(["participant-removed", p]);
    if (p.role === "ASSIGNED_AGENT") agentRemoved = true;
    if (p.role === "CONSUMER") consumerRemoved = true;
  }
  if (consumerRemoved && consumerAdded) out.push(["consumer-step-up"]);

  const skillChanged = prev.skillId !== next.skillId;
  if (skillChanged && agentRemoved) out.push(["transfer-skill", { skillId: next.skillId }]);
  if (agentRemoved && !agentPresent && !skillChanged) out.push(["back-to-queue"]);
  if (prev.groupId !== next.groupId) out.push(["group-change", { prevGroupId: prev.groupId, newGroupId: next.groupId }]);
  if (prev.ttr?.ttrType !== next.ttr?.ttrType || prev.ttr?.value !== next.ttr?.value) {
    out.push(["ttr-change", { ttrValue: next.ttr?.value ?? 0, ttrType: next.ttr?.ttrType ?? "NORMAL", ttrEffective: ttr.after }]);
  }
  if (prev.manualETTR !== next.manualETTR) {
    out.push(["manual-ettr-change", { ttrEffectiveManual: next.manualETTR, ttrEffective: ttr.after ?? ttr.before }]);
  }
  return out;
}

/** The last updated dialog of a type: the one members, events and getDialog all look at. */
export function lastDialog(details: ConversationDetails | undefined, type: DialogType): Dialog | undefined {
  let found: Dialog | undefined;
  for (const dialog of details?.dialogs ?? []) {
    if (dialog.dialogType === type && (!found || (dialog.metaDataLastUpdateTs ?? 0) >= (found.metaDataLastUpdateTs ?? 0))) found = dialog;
  }
  return found;
}

/** The main dialog's participants by id and role. */
function participantsOf(details: ConversationDetails): Map<string, ParticipantDetail> {
  return new Map((lastDialog(details, "MAIN")?.participantsDetails ?? []).map((p) => [`${p.id}\u0000${p.role}`, p]));
}
