import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A scripted HTTP server on 127.0.0.1 (a free port) for fault, pagination, stream and secret tests.
 *
 * `on(method, path, ...behaviours)` scripts a route, matched exactly on method and pathname (the
 * query string is ignored). Each request consumes the next behaviour; the last one repeats. Paths
 * that were not scripted answer 404 `application/problem+json`. Every request is recorded, with its
 * query string and its body fully read, before it is answered.
 */
export type Behaviour =
  /** Answer with `status`; `json` is sent as JSON (problem+json for errors), `text` as is, `body` as raw bytes. */
  | { status: number; headers?: Record<string, string>; json?: unknown; text?: string; body?: Uint8Array }
  /** Destroy the socket without answering (a connection reset). */
  | "reset"
  /** Never answer. */
  | "stall"
  /** Send 200 with the full Content-Length and half of a JSON body, then destroy the socket. */
  | "partial"
  /**
   * Answer 200 chunked `text/plain`, one write per chunk (`gapMs` apart, default 5). `cutAfter: n`
   * destroys the socket after n chunks; `holdAfter: n` goes silent after n chunks and keeps the
   * response open until the client leaves.
   */
  | { stream: string[]; cutAfter?: number; holdAfter?: number; gapMs?: number };

export interface RecordedRequest {
  method: string;
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

export async function startScriptedServer(): Promise<ScriptedServer> {
  const routes = new Map<string, Behaviour[]>();
  const requests: RecordedRequest[] = [];
  const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

  const server = http.createServer((req, res) => {
    const outcome = new Promise<"finished" | "closed-early">((resolve) => {
      res.on("close", () => resolve(res.writableFinished ? "finished" : "closed-early"));
    });
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = req.url ?? "/";
      const q = raw.indexOf("?");
      const pathname = q < 0 ? raw : raw.slice(0, q);
      const search = q < 0 ? "" : raw.slice(q);
      const bytes = Buffer.concat(chunks);
      requests.push({
        method: req.method ?? "",
        pathname,
        search,
        query: new URLSearchParams(search),
        headers: req.headers,
        body: bytes.toString("utf8"),
        raw: bytes,
        outcome,
      });
      const queue = routes.get(key(req.method ?? "", pathname));
      const behaviour = queue === undefined ? undefined : queue.length > 1 ? queue.shift() : queue[0];
      act(behaviour, pathname, req, res);
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
    on(method, path, ...behaviours) {
      if (behaviours.length === 0) throw new Error("on(): give at least one behaviour");
      routes.set(key(method, path), [...behaviours]);
    },
    requestsTo: (method, path) => requests.filter((r) => r.method === method.toUpperCase() && r.pathname === path),
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function act(behaviour: Behaviour | undefined, pathname: string, req: http.IncomingMessage, res: http.ServerResponse): void {
  if (behaviour === undefined) {
    const body = { title: "Not Found", status: 404, detail: `Nothing is scripted at ${req.method} ${pathname}.`, instance: pathname };
    res.writeHead(404, { "content-type": "application/problem+json" }).end(JSON.stringify(body));
    return;
  }
  if (behaviour === "reset") return void req.socket.destroy();
  if (behaviour === "stall") return;
  if (behaviour === "partial") {
    const body = Buffer.from(JSON.stringify({ id: 1, name: "a body long enough to be cut in half", items: [1, 2, 3, 4, 5, 6, 7, 8] }));
    res.writeHead(200, { "content-type": "application/json", "content-length": String(body.length) });
    res.write(body.subarray(0, body.length >> 1), () => setTimeout(() => req.socket.destroy(), 5));
    return;
  }
  if ("stream" in behaviour) return void streamChunks(behaviour, req, res);
  const headers: Record<string, string> = { ...behaviour.headers };
  let body: Uint8Array | string = "";
  if (behaviour.body !== undefined) {
    body = behaviour.body;
  } else if (behaviour.text !== undefined) {
    body = behaviour.text;
  } else if (behaviour.json !== undefined) {
    body = JSON.stringify(behaviour.json);
    if (!Object.keys(headers).some((k) => k.toLowerCase() === "content-type")) {
      headers["content-type"] = behaviour.status >= 400 ? "application/problem+json" : "application/json";
    }
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
