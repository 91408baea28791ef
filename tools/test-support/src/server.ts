import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The one scripted HTTP server of the test suites (core's fetch, deadline and redaction tests, the
 * packages' fault, pagination, stream and secret tests), on 127.0.0.1 on a free port.
 *
 * Routes are matched on the pathname (the query string is ignored), for one method or for any:
 * - `on(method, path, ...behaviours)` replaces the route of `method path`: behaviours in order, the
 *   last one repeating;
 * - `script(path, ...behaviours)` appends to a queue for any method, each request consuming one;
 *   `always(path, behaviour)` answers once that queue is empty.
 * A method's own route wins over the any-method one. A request nothing was scripted for is answered
 * 404 `application/problem+json` (never retried), so a test that sends more than it scripted fails
 * loudly instead of hanging. Every request is recorded, its body fully read, before it is answered.
 */
export type Behaviour =
  /**
   * Answer with `status`. `json` is sent as JSON (`application/problem+json` from 400 up, unless
   * `headers` name a content type); `text` as is; `body` as is when a string or bytes, as
   * `application/json` otherwise.
   */
  | { status: number; headers?: Record<string, string>; json?: unknown; text?: string; body?: unknown }
  /** Destroy the socket without answering (a connection reset). */
  | "reset"
  /** Never answer. */
  | "stall"
  /** `{ partial }` with a 200 and a JSON body long enough to be cut in half. */
  | "partial"
  /** Send the status line, the headers with the full Content-Length and half of `body`, then destroy the socket. */
  | { partial: { status: number; headers?: Record<string, string>; body: string } }
  /** Hand the response to the test, which writes (or never writes) what it wants. */
  | { hold: (res: http.ServerResponse) => void }
  /**
   * Answer 200 chunked `text/plain`, one write per chunk (`gapMs` apart, default 5). `cutAfter: n`
   * destroys the socket after n chunks; `holdAfter: n` goes silent after n chunks and keeps the
   * response open until the client leaves.
   */
  | { stream: string[]; cutAfter?: number; holdAfter?: number; gapMs?: number };

export interface RecordedRequest {
  method: string;
  /** The full request target as sent: the path with its query string. */
  url: string;
  /** The raw path without its query string, as sent (percent-encoding kept). */
  pathname: string;
  /** The query string with its "?", or "". */
  search: string;
  query: URLSearchParams;
  /** Header names lower-cased, as node:http gives them. */
  headers: http.IncomingHttpHeaders;
  /** The body as UTF-8 text ("" when there was none). */
  body: string;
  /** The body bytes. */
  raw: Buffer;
  /**
   * Settles when the response's `close` event fires: "finished" when the server had ended the
   * response, "closed-early" when the client went away (or the socket was cut) before that.
   */
  outcome: Promise<"finished" | "closed-early">;
}

export interface ScriptedServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  /** Every request received, in order of arrival. */
  readonly requests: RecordedRequest[];
  /** Scripts `method path` (replacing any earlier script of it): behaviours in order, the last one repeating. */
  on(method: string, path: string, ...behaviours: Behaviour[]): void;
  /** Appends behaviours to the any-method queue of `path`; each request consumes one. */
  script(path: string, ...behaviours: Behaviour[]): void;
  /** Answers every request to `path` (any method) with `behaviour` once its queue is consumed. */
  always(path: string, behaviour: Behaviour): void;
  /** The requests received on `path` (any method), or for `method path`. */
  requestsTo(path: string): RecordedRequest[];
  requestsTo(method: string, path: string): RecordedRequest[];
  /** Behaviours queued by `script` for `path` that no request consumed. */
  pending(path: string): number;
  /** Resolves once `path` has received at least `count` requests (their bodies fully read). */
  waitForRequests(path: string, count: number): Promise<RecordedRequest[]>;
  /** Forgets every route and recorded request. */
  reset(): void;
  /** Destroys every open connection (stalled ones included) and stops listening. */
  close(): Promise<void>;
}

type Route = { queue: Behaviour[]; fallback?: Behaviour };

const ANY = "*";

export async function startScriptedServer(): Promise<ScriptedServer> {
  const routes = new Map<string, Route>();
  const requests: RecordedRequest[] = [];
  let waiters: { path: string; count: number; resolve: (r: RecordedRequest[]) => void }[] = [];
  const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;
  const anyRoute = (path: string): Route => {
    const route = routes.get(key(ANY, path)) ?? { queue: [] };
    routes.set(key(ANY, path), route);
    return route;
  };
  const byPath = (path: string) => requests.filter((r) => r.pathname === path);
  const notify = () => {
    waiters = waiters.filter((w) => {
      const got = byPath(w.path);
      if (got.length < w.count) return true;
      w.resolve(got);
      return false;
    });
  };

  const server = http.createServer((req, res) => {
    const outcome = new Promise<"finished" | "closed-early">((resolve) => {
      res.on("close", () => resolve(res.writableFinished ? "finished" : "closed-early"));
    });
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = req.url ?? "/";
      const q = url.indexOf("?");
      const pathname = q < 0 ? url : url.slice(0, q);
      const search = q < 0 ? "" : url.slice(q);
      const bytes = Buffer.concat(chunks);
      const method = req.method ?? "";
      requests.push({ method, url, pathname, search, query: new URLSearchParams(search), headers: req.headers, body: bytes.toString("utf8"), raw: bytes, outcome });
      const route = routes.get(key(method, pathname)) ?? routes.get(key(ANY, pathname));
      act(route?.queue.shift() ?? route?.fallback, pathname, req, res);
      notify();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    on(method, path, ...behaviours) {
      if (behaviours.length === 0) throw new Error("on(): give at least one behaviour");
      routes.set(key(method, path), { queue: behaviours.slice(0, -1), fallback: behaviours.at(-1) });
    },
    script(path, ...behaviours) {
      anyRoute(path).queue.push(...behaviours);
    },
    always(path, behaviour) {
      anyRoute(path).fallback = behaviour;
    },
    requestsTo(methodOrPath: string, path?: string) {
      if (path === undefined) return byPath(methodOrPath);
      return byPath(path).filter((r) => r.method === methodOrPath.toUpperCase());
    },
    pending: (path) => routes.get(key(ANY, path))?.queue.length ?? 0,
    waitForRequests(path, count) {
      return new Promise((resolve) => {
        waiters.push({ path, count, resolve });
        notify();
      });
    },
    reset() {
      routes.clear();
      requests.length = 0;
      waiters = [];
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const HALF_BODY = JSON.stringify({ id: 1, name: "a body long enough to be cut in half", items: [1, 2, 3, 4, 5, 6, 7, 8] });

function act(behaviour: Behaviour | undefined, pathname: string, req: http.IncomingMessage, res: http.ServerResponse): void {
  if (behaviour === undefined) {
    const body = { title: "Not Found", status: 404, detail: `Nothing is scripted at ${req.method} ${pathname}.`, instance: pathname };
    res.writeHead(404, { "content-type": "application/problem+json" }).end(JSON.stringify(body));
    return;
  }
  if (behaviour === "reset") return void req.socket.destroy();
  if (behaviour === "stall") return;
  if (behaviour === "partial") return act({ partial: { status: 200, body: HALF_BODY } }, pathname, req, res);
  if ("hold" in behaviour) return behaviour.hold(res);
  if ("partial" in behaviour) {
    const { status, headers = {}, body } = behaviour.partial;
    const bytes = Buffer.from(body, "utf8");
    res.writeHead(status, { "content-type": "application/json", ...headers, "content-length": String(bytes.length) });
    // The half is flushed before the cut, so the client sees a body that ends early, not a refused connection.
    res.write(bytes.subarray(0, bytes.length >> 1), () => setTimeout(() => req.socket.destroy(), 5));
    return;
  }
  if ("stream" in behaviour) return void streamChunks(behaviour, req, res);
  const headers: Record<string, string> = { ...behaviour.headers };
  const named = Object.keys(headers).some((k) => k.toLowerCase() === "content-type");
  let body: Uint8Array | string = "";
  if (typeof behaviour.body === "string" || behaviour.body instanceof Uint8Array) {
    body = behaviour.body;
  } else if (behaviour.body !== undefined) {
    body = JSON.stringify(behaviour.body);
    if (!named) headers["content-type"] = "application/json";
  } else if (behaviour.text !== undefined) {
    body = behaviour.text;
  } else if (behaviour.json !== undefined) {
    body = JSON.stringify(behaviour.json);
    if (!named) headers["content-type"] = behaviour.status >= 400 ? "application/problem+json" : "application/json";
  }
  res.writeHead(behaviour.status, headers);
  res.end(behaviour.status === 204 ? undefined : body);
}

async function streamChunks(
  behaviour: { stream: string[]; cutAfter?: number; holdAfter?: number; gapMs?: number },
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  res.writeHead(200, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-cache" });
  res.flushHeaders();
  let gone = false;
  res.on("close", () => (gone = true));
  for (let i = 0; i < behaviour.stream.length && !gone; i++) {
    if (behaviour.cutAfter === i) return void req.socket.destroy();
    if (behaviour.holdAfter === i) return; // silent until the client leaves
    res.write(behaviour.stream[i]!);
    await new Promise((r) => setTimeout(r, behaviour.gapMs ?? 5));
  }
  if (behaviour.cutAfter === behaviour.stream.length) return void req.socket.destroy();
  if (behaviour.holdAfter === behaviour.stream.length) return;
  if (!gone) res.end();
}

/** A `{ status, headers, text }` behaviour with an RFC 9457 `application/problem+json` body. */
export function problem(status: number, detail: string, headers: Record<string, string> = {}): Behaviour {
  return {
    status,
    headers: { "content-type": "application/problem+json", ...headers },
    text: JSON.stringify({ type: "about:blank", title: http.STATUS_CODES[status] ?? "Error", status, detail }),
  };
}

/** The multipart form a request carried. */
export function formDataOf(request: RecordedRequest): Promise<FormData> {
  return new Response(new Uint8Array(request.raw), { headers: { "content-type": String(request.headers["content-type"]) } }).formData();
}

/**
 * A fresh scripted server for every test of the file (made by `start`), and the clients made during
 * a test closed after it. Call at the top of a test file; `server()` is the current test's server.
 */
export function serverPerTest(
  hooks: { beforeEach: (fn: () => unknown) => void; afterEach: (fn: () => unknown) => void },
  start: () => Promise<ScriptedServer> = startScriptedServer,
) {
  let current: ScriptedServer | undefined;
  const closers: { close(): void }[] = [];
  hooks.beforeEach(async () => {
    current = await start();
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
