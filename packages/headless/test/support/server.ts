import http from "node:http";
import type { AddressInfo } from "node:net";
import type { ChatResponse, MessageResponse } from "../../src/index.js";

/**
 * A scripted HTTP server on 127.0.0.1 (a free port) for the fault and realtime tests.
 *
 * `on(method, path, ...behaviours)` scripts a route, matched exactly on method and pathname (the
 * query string is ignored). Each request consumes the next behaviour; the last one repeats. Paths
 * that were not scripted answer 404 `application/problem+json`. POST /api/v2/auth/end_user answers
 * a token by default. Every request is recorded, its body fully read, before it is answered.
 */
export type Behaviour =
  /** Answer with `status`; `json` is sent as JSON, `text` as is, `body` as raw bytes. */
  | { status: number; headers?: Record<string, string>; json?: unknown; text?: string; body?: Uint8Array }
  /** Destroy the socket without answering (a connection reset). */
  | "reset"
  /** Never answer. */
  | "stall"
  /** Send headers (status 200, the full Content-Length) and half of a JSON body, then destroy the socket. */
  | "partial";

export interface RecordedRequest {
  method: string;
  /** The path without its query string, e.g. "/api/v2/company". */
  pathname: string;
  /** The query string with its "?", or "". */
  search: string;
  /** Header names lower-cased, as node:http gives them. */
  headers: http.IncomingHttpHeaders;
  /** The body as UTF-8 text ("" when there was none). */
  body: string;
  /** The body bytes. */
  raw: Buffer;
}

export interface ScriptedServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly origin: string;
  /** Every request received, in order of arrival. */
  readonly requests: RecordedRequest[];
  /** Scripts `method path` (replacing any earlier script of it): behaviours in order, the last one repeating. */
  on(method: string, path: string, ...behaviours: Behaviour[]): void;
  /** The requests received for `method path`. */
  requestsTo(method: string, path: string): RecordedRequest[];
  /** Destroys every open connection (stalled ones included) and stops listening. */
  close(): Promise<void>;
}

export const AUTH_PATH = "/api/v2/auth/end_user";
export const TOKEN = "t0k3n-value";

export async function startServer(): Promise<ScriptedServer> {
  const routes = new Map<string, Behaviour[]>();
  const requests: RecordedRequest[] = [];
  const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

  const on = (method: string, path: string, ...behaviours: Behaviour[]) => {
    if (behaviours.length === 0) throw new Error("on(): give at least one behaviour");
    routes.set(key(method, path), [...behaviours]);
  };
  on("POST", AUTH_PATH, { status: 200, json: { token: TOKEN, expires_in: 3600 } });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const raw = Buffer.concat(chunks);
      requests.push({
        method: req.method ?? "",
        pathname: url.pathname,
        search: url.search,
        headers: req.headers,
        body: raw.toString("utf8"),
        raw,
      });
      const queue = routes.get(key(req.method ?? "", url.pathname));
      const behaviour = queue === undefined ? undefined : queue.length > 1 ? queue.shift() : queue[0];
      act(behaviour, url.pathname, req, res);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    on,
    requestsTo: (method, path) => requests.filter((r) => r.method === method.toUpperCase() && r.pathname === path),
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function act(behaviour: Behaviour | undefined, pathname: string, req: http.IncomingMessage, res: http.ServerResponse): void {
  if (behaviour === undefined) {
    const problem = {
      type: "https://docs.parley.dev/problems/not-found",
      title: "Not Found",
      status: 404,
      detail: `Nothing is scripted at ${req.method} ${pathname}.`,
      instance: pathname,
    };
    res.writeHead(404, { "content-type": "application/problem+json" }).end(JSON.stringify(problem));
    return;
  }
  if (behaviour === "reset") {
    req.socket.destroy();
    return;
  }
  if (behaviour === "stall") return;
  if (behaviour === "partial") {
    const body = Buffer.from(JSON.stringify(companyBody()));
    res.writeHead(200, { "content-type": "application/json", "content-length": String(body.length) });
    res.write(body.subarray(0, body.length >> 1), () => setTimeout(() => req.socket.destroy(), 5));
    return;
  }
  const headers: Record<string, string> = { ...behaviour.headers };
  let body: Uint8Array | string = "";
  if (behaviour.body !== undefined) {
    body = behaviour.body;
  } else if (behaviour.text !== undefined) {
    body = behaviour.text;
  } else if (behaviour.json !== undefined) {
    body = JSON.stringify(behaviour.json);
    const isError = behaviour.status >= 400;
    if (!hasHeader(headers, "content-type")) headers["content-type"] = isError ? "application/problem+json" : "application/json";
  }
  res.writeHead(behaviour.status, headers);
  res.end(behaviour.status === 204 ? undefined : body);
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

// ---- Factories: response bodies copied from the spec's examples ------------------------------

export const CHAT_ID = 8812;
export const MENU_ID = 123;

/** The spec's CompanyResponse example. */
export function companyBody() {
  return {
    name: "Acme Corp",
    subdomain: "acme",
    support_email: "support@acme.com",
    languages: [
      { code: "en", name: "English" },
      { code: "pt-BR", name: "Português (Brasil)" },
    ],
    action_tracking: true,
    email_transcripts: true,
    message_preview: true,
    email_enhancement: false,
    cobrowse_domain: "cobrowse.acme.com",
  };
}

/** An RFC 9457 problem as the API sends it. */
export function problem(status: number, title: string, detail: string, instance: string) {
  return { type: `https://docs.parley.dev/problems/${title.toLowerCase().replace(/ /g, "-")}`, title, status, detail, instance, request_id: "req_01HV6X3K9X" };
}

/** A valid ChatResponse (the spec's createChat example, status `queued`), with `overrides`. */
export function chatState(overrides: Partial<ChatResponse> = {}): ChatResponse {
  return {
    id: CHAT_ID,
    status: "queued",
    status_text: "Waiting for an agent",
    menu_id: MENU_ID,
    lang: "en",
    created_at: "2024-05-14T15:02:58Z",
    ended_at: null,
    cobrowsable: true,
    participants: [{ identity: "end_user-42", type: "end_user", name: "Alex Rivera", typing: false }],
    post_session_required: false,
    ...overrides,
  };
}

/** The agent of the spec's ChatAssigned example. */
export function agent(typing = false): ChatResponse["participants"][number] {
  return { identity: "agent-7", type: "agent", name: "Dana", typing };
}

/** A valid MessageResponse at `$index` (an agent's text message), with `overrides`. */
export function message(index: number, overrides: Partial<MessageResponse> = {}): MessageResponse {
  return {
    $index: index,
    $sid: `IM${index.toString(16).padStart(4, "0")}5e9e2a4b7d4f1a8e3b6c9d2f5a8b`,
    $timestamp: new Date(Date.UTC(2024, 4, 14, 15, 3, index)).toISOString().replace(".000", ""),
    $userType: "agent",
    $userId: 7,
    type: "text",
    content: `Message number ${index}.`,
    signature: "c4e6b8d0f1a3c5e7b9d2f4a6c8e0b1d3f5a7c9e2b4d6f8a0c1e3b5d7f9a2c4e6",
    ...overrides,
  };
}

/** Parses a recorded multipart/form-data request with the platform's own parser. */
export function formDataOf(request: RecordedRequest): Promise<FormData> {
  return new Response(new Uint8Array(request.raw), { headers: { "content-type": String(request.headers["content-type"]) } }).formData();
}

/**
 * A fresh scripted server for every test of the file, and the clients made during it closed after.
 * Call at the top of a test file; `server()` is the current test's server.
 */
export function serverPerTest(hooks: { beforeEach: (fn: () => unknown) => void; afterEach: (fn: () => unknown) => void }) {
  let current: ScriptedServer | undefined;
  const closers: { close(): void }[] = [];
  hooks.beforeEach(async () => {
    current = await startServer();
  });
  hooks.afterEach(async () => {
    for (const c of closers.splice(0)) c.close();
    await current?.close();
  });
  return {
    server: (): ScriptedServer => current!,
    /** Closes `client` (stopping its transport) after the test. */
    track<C extends { close(): void }>(client: C): C {
      closers.push(client);
      return client;
    },
  };
}
