// 4. LivePerson's public agent SDK, node-agent-sdk 1.2.0, against `parley-mock conversation`.
// It looks its domains up in CSDS over https and opens wss: an HTTPS stub and a TLS front on
// 127.0.0.1 with a throwaway self-signed certificate make that honest. The certificate is trusted
// through NODE_EXTRA_CA_CERTS in the child process that runs the client, and nowhere else.
// The mock validates every frame either side sends against openapi/conversation.asyncapi.yaml.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { TYPES, startConversationMock } from "@parley/mock/conversation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpsStub, stopChild, throwawayCertificate, tlsFront, waitFor } from "./support.mjs";

const ACCOUNT_ID = "12345678";
const TOKEN = "interop-bearer-token";
const AGENT_ID = "a-1";
const NOTE = "Customer asked for a refund; order 48211.";

/** @type {ReturnType<typeof throwawayCertificate>} */
let certificate;
/** @type {Awaited<ReturnType<typeof startConversationMock>>} */
let mock;
/** @type {Awaited<ReturnType<typeof tlsFront>>} */
let front;
/** @type {Awaited<ReturnType<typeof httpsStub>>} */
let csds;
/** @type {import("node:child_process").ChildProcessByStdio<null, import("node:stream").Readable, import("node:stream").Readable>} */
let child;
/**
 * The steps agent-flow.cjs printed, one JSON line each; `body` is what node-agent-sdk handed it.
 * @typedef {{ step: string, error?: unknown, body?: any, data?: unknown }} Step
 */
/** @type {Step[]} */
const steps = [];
let stderr = "";

/**
 * Resolves once `predicate(steps)` holds; rejects after `ms` with what the client printed.
 * @param {(steps: Step[]) => boolean} predicate
 * @param {number} ms
 * @param {string} what
 */
const until = (predicate, ms, what) =>
  waitFor(() => predicate(steps), ms, () => `${what} (steps: ${steps.map((s) => s.step).join(", ")}; stderr: ${stderr.slice(0, 500)})`);

beforeAll(async () => {
  certificate = throwawayCertificate();
  mock = await startConversationMock({ accountId: ACCOUNT_ID, token: TOKEN, agentId: AGENT_ID });
  front = await tlsFront(certificate, mock.port);
  /** @type {Record<string, unknown>} */
  const routes = {};
  csds = await httpsStub(certificate, routes);
  // CSDS answers the domains: the agent VEP (required, unused with a token) and the messaging facade.
  routes[`/api/account/${ACCOUNT_ID}/service/baseURI.json`] = {
    baseURIs: [
      { service: "agentVep", account: ACCOUNT_ID, baseURI: `127.0.0.1:${csds.port}` },
      { service: "facadeMsg", account: ACCOUNT_ID, baseURI: `127.0.0.1:${front.port}` },
      { service: "asyncMessagingEnt", account: ACCOUNT_ID, baseURI: `127.0.0.1:${front.port}` },
    ],
  };

  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, NODE_EXTRA_CA_CERTS: certificate.certFile, NO_PROXY: "127.0.0.1", no_proxy: "127.0.0.1" };
  for (const name of ["HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"]) delete env[name];
  Object.assign(env, { ACCOUNT_ID, TOKEN, USER_ID: AGENT_ID, CSDS_DOMAIN: `127.0.0.1:${csds.port}`, NOTE });
  child = spawn(process.execPath, [fileURLToPath(new URL("./agent-flow.cjs", import.meta.url))], { env, stdio: ["ignore", "pipe", "pipe"] });
  let buffered = "";
  child.stdout.on("data", (chunk) => {
    buffered += chunk;
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) if (line.trim()) steps.push(JSON.parse(line));
  });
  child.stderr.on("data", (chunk) => (stderr += chunk));
  // Done: every step printed, and the state after the note pushed back.
  await until((s) => s.some((x) => x.step === "done") && s.some((x) => x.step === "change" && x.body.changes[0]?.result.conversationDetails.ttr?.value === 600), 30_000, "the whole flow");
});

afterAll(async () => {
  if (child) await stopChild(child);
  await front?.close();
  await csds?.close();
  await mock?.close();
  certificate?.remove();
});

const step = (/** @type {string} */ name) => steps.filter((s) => s.step === name);

describe("node-agent-sdk 1.2.0 against parley-mock conversation", () => {
  it("looks up CSDS over https and connects over wss with its own ?v=2.1 URL", () => {
    expect(csds.requests).toContainEqual({ method: "GET", path: `/api/account/${ACCOUNT_ID}/service/baseURI.json`, query: { version: "1.0" } });
    expect(step("connected")).toHaveLength(1);
    expect(mock.requests.length).toBeGreaterThan(0); // it reached the mock through the TLS front
  });

  it("subscribes with .ams.aam.SubscribeExConversations and receives the change notification in the shape it expects", () => {
    expect(step("subscribed")).toEqual([{ step: "subscribed", error: null, body: { subscriptionId: expect.any(String) } }]);
    const [first] = step("change");
    // node-agent-sdk turned our v2 role maps into its participants array: it read them.
    expect(first?.body.changes[0].result.convId).toBe("conv-1");
    expect(first?.body.changes[0].result.conversationDetails.participants).toEqual([
      { id: "c-1", role: "CONSUMER" },
      { id: `${ACCOUNT_ID}.${AGENT_ID}`, role: "ASSIGNED_AGENT" },
    ]);
    expect(first?.body.subscriptionId).toBe(step("subscribed")[0]?.body.subscriptionId);
  });

  it("publishes a message and receives it back as a messaging event", () => {
    expect(step("publishEvent")).toEqual([{ step: "publishEvent", error: null, body: { sequence: 0 } }]);
    const [message] = step("message");
    expect(message?.body.dialogId).toBe("dlg-1");
    expect(message?.body.changes).toHaveLength(1);
    expect(message?.body.changes[0]).toMatchObject({ sequence: 0, originatorId: `${ACCOUNT_ID}.${AGENT_ID}`, event: { message: "hello from node-agent-sdk" } });
  });

  it("updates TTR and the note with .ams.cm.UpdateConversationField", () => {
    expect(step("updateConversationField").map((s) => s.error)).toEqual([null, null]);
    const details = mock.conversations.get("conv-1");
    expect(details?.ttr).toEqual({ ttrType: "CUSTOM", value: 600 });
    expect(details?.note).toBe(NOTE);
  });

  it("reads the clock with .GetClock (its keep-alive request) and gets {currentTime} in epoch ms", () => {
    const [clock] = step("getClock");
    expect(clock).toEqual({ step: "getClock", error: null, body: { currentTime: expect.any(Number) } });
    expect(Number.isInteger(clock?.body.currentTime)).toBe(true);
    expect(mock.requests.filter((r) => r.type === TYPES.clock).map((r) => r.body)).toEqual([{}]);
  });

  it("sent exactly the brand dialect, with zero spec violations either way and no client error", () => {
    expect(mock.requests.map((r) => r.type)).toEqual([TYPES.subscribe, TYPES.publish, TYPES.update, TYPES.update, TYPES.clock]);
    expect(mock.violations).toEqual([]);
    expect(step("error")).toEqual([]);
  });
});
