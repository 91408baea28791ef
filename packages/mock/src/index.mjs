// @parley/mock: the mock of each Parley API, from the bundled specs, for any test runner and for
// `parley-mock`. HTTP APIs: our layer (state, faults, records, contract checks) in front of Prism;
// realtime APIs: our own servers. Everything binds to 127.0.0.1 (or the given loopback host).
import { startAgentApiMock, startHeadlessMock } from "./http/apis.mjs";
import { startConversationMock } from "./realtime/conversation.mjs";
import { startWebChatMock } from "./realtime/web-chat.mjs";
import { APIS } from "./specs.mjs";

/** The APIs a mock exists for. */
export const MOCKS = /** @type {const} */ (["headless", "agent-api", "web-chat", "conversation"]);

const LOOPBACK = new Set(["127.0.0.1", "localhost"]);

/** The options each API's mock takes (index.d.ts): any other key is a typo, refused. */
const COMMON = ["port", "host", "docsUrl"];
const OPTIONS = {
  headless: COMMON,
  "agent-api": [...COMMON, "delayMs"],
  "web-chat": [...COMMON, "delayMs", "strict", "pingInterval", "pingTimeout"],
  conversation: [...COMMON, "delayMs", "accountId", "token", "agentId"],
};

/**
 * Starts the mock of one API; resolves once it listens. See index.d.ts for the options and what
 * each mock returns.
 * @param {string} api
 * @param {Record<string, any>} [options]
 */
export function startMock(api, options = {}) {
  if (!Object.hasOwn(APIS, api)) return Promise.reject(new TypeError(`startMock: unknown API ${JSON.stringify(api)} (known: ${MOCKS.join(", ")})`));
  if (options === null || typeof options !== "object") return Promise.reject(new TypeError("startMock: options must be an object"));
  for (const key of Object.keys(options)) {
    if (!OPTIONS[api].includes(key)) return Promise.reject(new TypeError(`startMock: unknown option ${JSON.stringify(key)} for ${api} (known: ${OPTIONS[api].join(", ")})`));
  }
  for (const [key, type] of [["docsUrl", "string"], ["accountId", "string"], ["token", "string"], ["agentId", "string"], ["strict", "boolean"]]) {
    if (options[key] !== undefined && typeof options[key] !== type) return Promise.reject(new TypeError(`startMock: options.${key} must be a ${type}, got ${JSON.stringify(options[key])}`));
  }
  for (const key of ["pingInterval", "pingTimeout"]) {
    if (options[key] !== undefined && (!Number.isInteger(options[key]) || options[key] < 1)) return Promise.reject(new TypeError(`startMock: options.${key} must be a positive integer (ms), got ${JSON.stringify(options[key])}`));
  }
  const { port = 0, host = "127.0.0.1", delayMs, ...rest } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) return Promise.reject(new TypeError(`startMock: options.port must be an integer from 0 to 65535, got ${JSON.stringify(port)}`));
  if (!LOOPBACK.has(host)) return Promise.reject(new TypeError(`startMock: options.host must be a loopback address (127.0.0.1 or localhost), got ${JSON.stringify(host)}`));
  if (delayMs !== undefined && (!Number.isInteger(delayMs) || delayMs < 0)) return Promise.reject(new TypeError(`startMock: options.delayMs must be a non-negative integer, got ${JSON.stringify(delayMs)}`));
  switch (api) {
    case "headless":
      return startHeadlessMock({ ...rest, port, host });
    case "agent-api":
      return startAgentApiMock({ ...rest, port, host, ...(delayMs !== undefined ? { delayMs } : {}) });
    case "web-chat":
      return startWebChatMock({ ...rest, port, host, ...(delayMs !== undefined ? { agentReplyDelayMs: delayMs } : {}) });
    default:
      return startConversationMock({ ...rest, port, host, ...(delayMs !== undefined ? { notifyDelayMs: delayMs } : {}) });
  }
}

export { startAgentApiMock, startHeadlessMock, startWebChatMock, startConversationMock };
