// Reading the visitor client's options: each checked in turn (a ValidationError names the first bad one), defaults filled in.
import {
  MAX_TIMER_MS,
  ValidationError,
  checkOptionKeys,
  exponentialReconnectPolicy,
  optionalNumber,
  optionalString,
  requireBaseUrl,
  requireEmail,
  requireFunction,
  requireObject,
  requireString,
  silentLogger,
  type FetchLike,
  type Logger,
  type ReconnectPolicy,
  type WebSocketConstructor,
} from "@parley/core";
import type { ConnectionOptions, VisitorClientOptions, VisitorData } from "./types.js";
import { uploadTimeoutOf } from "./upload.js";

const DEFAULT_URL = "https://websocket-visitors.smartsupp.com";

/** The options as the client uses them: every default applied, durations in ms. */
export interface ResolvedOptions {
  data: VisitorData;
  /** The socket's URL, `ws(s)://host/path/?EIO=3&transport=websocket`. */
  url: string;
  WebSocket: WebSocketConstructor;
  reconnect: ReconnectPolicy | false;
  connectTimeout: number;
  ackTimeout: number;
  queueTimeout: number;
  logger: Logger;
  fetch: FetchLike;
  uploadTimeout: number;
}

const leaf = <K extends string>(...keys: K[]) => Object.fromEntries(keys.map((k) => [k, true])) as Record<K, true>;
/** Every key `createVisitorClient` takes, at every level: any other is refused (a misplaced option would be silently ignored). */
const KEYS = {
  data: leaf("key", "id", "name", "email", "phone", "lang", "group", "visits", "createdAt", "variables", "properties", "pageUrl", "pageTitle", "referer", "domain"),
  connection: leaf("url", "path", "reconnect", "connectTimeout", "ackTimeout", "queueTimeout"),
  ...leaf("WebSocket", "fetch", "uploadTimeout", "logger"),
};

const timeout = (name: string, value: unknown, fallback: number) => optionalNumber(name, value, { min: 1, max: MAX_TIMER_MS }) ?? fallback;

export function readOptions(options: VisitorClientOptions): ResolvedOptions {
  requireObject("options", options);
  checkOptionKeys("options", options, KEYS);
  const data = requireObject("options.data", options.data) as VisitorData;
  requireString("options.data.key", data.key, { max: 200 });
  if (data.id !== undefined && data.id !== null) requireString("options.data.id", data.id, { max: 200 });
  for (const key of ["name", "email", "phone", "lang", "group", "pageUrl", "pageTitle", "referer", "domain"] as const) {
    // null is what the vendor's client sends outside a browser (spec: nullable).
    if (data[key] !== null) optionalString(`options.data.${key}`, data[key], { min: 0, max: 2000 });
  }
  if (data.email) requireEmail("options.data.email", data.email);
  const c = (options.connection === undefined ? {} : requireObject("options.connection", options.connection)) as ConnectionOptions;
  const origin = c.url === undefined ? DEFAULT_URL : requireBaseUrl("options.connection.url", requireString("options.connection.url", c.url).replace(/^ws/, "http"));
  if (options.fetch !== undefined) requireFunction("options.fetch", options.fetch);
  const path = optionalString("options.connection.path", c.path, { pattern: /^\/[^?#]*$/, patternName: "a path starting with /" }) ?? "/socket";
  const ws = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (typeof ws !== "function") throw new ValidationError("options.WebSocket", "is required where there is no global WebSocket (Node 20: pass `ws`)");
  if (c.reconnect !== undefined && c.reconnect !== false) requireFunction("options.connection.reconnect.nextRetryDelayMs", c.reconnect?.nextRetryDelayMs);
  const ackTimeout = timeout("options.connection.ackTimeout", c.ackTimeout, 20_000);
  const queueTimeout = timeout("options.connection.queueTimeout", c.queueTimeout, 30_000);
  const uploadTimeout = uploadTimeoutOf(options.uploadTimeout);
  return {
    data,
    url: `${origin.replace(/^http/, "ws")}${path.replace(/\/+$/, "")}/?EIO=3&transport=websocket`,
    WebSocket: ws,
    reconnect: c.reconnect ?? exponentialReconnectPolicy({ initialDelayMs: 1000, maxDelayMs: 5000, jitter: 0.5 }),
    connectTimeout: timeout("options.connection.connectTimeout", c.connectTimeout, 20_000),
    ackTimeout,
    queueTimeout,
    logger: options.logger ?? silentLogger,
    // An upload is sent once (a retry would resend the whole file): a plain fetch is all it needs.
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    uploadTimeout,
  };
}
