// Cost of Conversation.processStateNotification against the cost of JSON.parse of the same
// notifications: N realistic state notifications for one conversation (every 10th a duplicate of
// the previous one, every 15th older than the current one), listeners on every event.
// Alternating rounds, medians. It prints; it never fails.
// Run: npx tsup && node bench/process-state.bench.mjs
import { Conversation } from "../dist/index.js";

const N = 20_000;
const ROUNDS = 7;
const T0 = 1_700_000_000_000;
const EVENTS = [
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
];

const host = {
  accountId: "12345678",
  userId: "12345678.a-1",
  agentName: "Ana",
  kind: "brand",
  request: async () => ({}),
  upload: async () => {},
  unload: () => true,
};

function notificationAt(i, ts) {
  const agent = i % 4 < 2 ? "12345678.a-1" : "12345678.a-2";
  const agentState = i % 7 === 3 ? "SUGGESTED" : "ACTIVE";
  const participantsDetails = [
    { id: "c-1", role: "CONSUMER", state: "ACTIVE" },
    { id: agent, role: "ASSIGNED_AGENT", state: agentState },
    { id: "12345678.m-1", role: "MANAGER", state: i % 3 === 0 ? "SUGGESTED" : "ACTIVE" },
  ];
  return {
    convId: "conv-1",
    effectiveTTR: ts + 3_600_000,
    lastContentEventNotification: { sequence: i, originatorId: "c-1", serverTimestamp: ts, event: { type: "ContentEvent", contentType: "text/plain", message: `message ${i}` }, dialogId: "conv-1" },
    conversationDetails: {
      participants: participantsDetails.filter((p) => p.state === "ACTIVE").map(({ id, role }) => ({ id, role })),
      dialogs: [
        {
          dialogId: "conv-1",
          dialogType: "MAIN",
          channelType: "MESSAGING",
          state: "OPEN",
          participantsDetails,
          metaData: { appInstallId: "app-1" },
          creationTs: T0,
          metaDataLastUpdateTs: ts,
        },
        {
          dialogId: "dlg-survey",
          dialogType: "POST_SURVEY",
          channelType: "MESSAGING",
          state: i % 50 === 49 ? "CLOSE" : "OPEN",
          participantsDetails: [{ id: "c-1", role: "CONSUMER", state: "ACTIVE" }, { id: "12345678.bot-1", role: "CONTROLLER", state: "ACTIVE" }],
          creationTs: T0 + 1000,
          metaDataLastUpdateTs: ts - 10,
        },
      ],
      skillId: i % 9 === 0 ? "s-2" : "s-1",
      groupId: i % 11 === 0 ? "g-2" : "g-1",
      brandId: "12345678",
      state: "OPEN",
      stage: "OPEN",
      startTs: T0,
      metaDataLastUpdateTs: ts,
      ttr: { ttrType: i % 13 === 0 ? "URGENT" : "NORMAL", value: i % 13 === 0 ? 60 : 3600 },
      csat: { csatRate: 4, csatResolutionConfirmation: true, status: "FILLED" },
      manualETTR: i % 17 === 0 ? ts + 60_000 : undefined,
      note: `[Ana · a-1::${T0}]\nCustomer asked about order ${i % 100}.`,
      campaignInfo: { campaignId: "camp-1", engagementId: "eng-1" },
      conversationHandlerDetails: { accountId: "12345678", skillId: "s-1" },
      context: { type: "SharkContext", lang: "en-US", clientProperties: { type: ".ClientProperties", appId: "webAsync", ipAddress: "10.0.0.1", deviceFamily: "DESKTOP", os: "LINUX" } },
      numberOfunreadMessages: { "c-1": 0, "12345678.a-1": i % 5 },
    },
  };
}

// The N strings: increasing timestamps; every 10th repeats the previous one, every 15th is older.
const strings = [];
let ts = T0;
let previous = "";
for (let i = 0; i < N; i++) {
  if (i % 10 === 9 && previous) {
    strings.push(previous);
    continue;
  }
  if (i % 15 === 14) {
    strings.push(JSON.stringify(notificationAt(i, ts - 5_000)));
    continue;
  }
  ts += 1000;
  previous = JSON.stringify(notificationAt(i, ts));
  strings.push(previous);
}
const bytes = strings.reduce((n, s) => n + s.length, 0);

let sink = 0;

function parseAll() {
  const t = process.hrtime.bigint();
  const out = new Array(N);
  for (let i = 0; i < N; i++) out[i] = JSON.parse(strings[i]);
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  sink += out.length;
  return ms;
}

function processAll(objects) {
  const conversation = new Conversation(host, "conv-1");
  let events = 0;
  for (const name of EVENTS) conversation.on(name, () => events++);
  const t = process.hrtime.bigint();
  for (let i = 0; i < N; i++) conversation.processStateNotification(objects[i]);
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  sink += events;
  return { ms, events, counts: [conversation.notificationCount, conversation.notificationIgnoredCount, conversation.notificationOutOfOrderCount] };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Warm-up, then alternating rounds; each process round gets freshly parsed objects (parsed outside the timing).
parseAll();
processAll(strings.map((s) => JSON.parse(s)));
const parseMs = [];
const processMs = [];
let last;
for (let r = 0; r < ROUNDS; r++) {
  parseMs.push(parseAll());
  const objects = strings.map((s) => JSON.parse(s));
  last = processAll(objects);
  processMs.push(last.ms);
}

const p = median(parseMs);
const q = median(processMs);
const rate = (ms) => Math.round((N / ms) * 1000).toLocaleString("en-US");
console.log(`process-state bench: N=${N} notifications (${(bytes / 1e6).toFixed(1)} MB JSON, ${Math.round(bytes / N)} B each), ${ROUNDS} alternating rounds, medians, Node ${process.version}`);
console.log(`  counts  notificationCount=${last.counts[0]} ignored=${last.counts[1]} outOfOrder=${last.counts[2]} applied=${last.counts[0] - last.counts[1] - last.counts[2]} events emitted=${last.events}`);
console.log(`  (a) JSON.parse                   ${p.toFixed(1).padStart(8)} ms  ${rate(p).padStart(12)} notifications/s`);
console.log(`  (b) processStateNotification     ${q.toFixed(1).padStart(8)} ms  ${rate(q).padStart(12)} notifications/s`);
console.log(`  ratio cost(process)/cost(parse) = ${(q / p).toFixed(2)}x (target <= 2x)`);
if (sink < 0) console.log(sink);
