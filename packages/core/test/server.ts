import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A scripted HTTP server for the tests, listening on 127.0.0.1 on a free port.
 *
 * Each test pushes a queue of behaviours per path (the URL path without its query string); every
 * request to that path consumes the next one. A request to a path with nothing left in its queue is
 * answered `599 unscripted` with `x-should-retry: false`, so a test that sends more than it scripted
 * fails loudly instead of hanging. Every request received is recorded, so tests can assert what was
 * sent and how many times.
 */
export type Behaviour =
  /** Answer with this status, headers and body. A non-string body is sent as JSON. */
  | { status: number; headers?: Record<string, string>; body?: unknown }
  /** Read the request, then destroy the socket without answering (a connection reset). */
  | "reset"
  /** Read the request and never answer. */
  | "stall"
  /** Send the status line, headers (with the full Content-Length) and half the body, then destroy the socket. */
  | { partial: { status: number; headers?: Record<string, string>; body: string } }
  /** Hands the response to the test, which writes (or never writes) what it wants. */
  | { hold: (res: http.ServerResponse) => void };

export interface RecordedRequest {
  method: string;
  /** The full request target, with its query string. */
  url: string;
  /** The path without the query string. */
  path: string;
  /** Header names lower-cased, as node:http gives them. */
  headers: http.IncomingHttpHeaders;
  /** The request body as text ("" when there was none). */
  body: string;
}

export interface ScriptedServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  /** Every request received, in order of arrival. */
  readonly requests: RecordedRequest[];
  /** Appends behaviours to the queue of `path`. */
  script(path: string, ...behaviours: Behaviour[]): void;
  /** Answers every request to `path` with `behaviour`, after its queue is consumed. */
  always(path: string, behaviour: Behaviour): void;
  /** The requests received on `path`. */
  requestsTo(path: string): RecordedRequest[];
  /** Behaviours scripted for `path` that no request consumed. */
  pending(path: string): number;
  /** Resolves once `path` has received at least `count` requests (their bodies fully read). */
  waitForRequests(path: string, count: number): Promise<RecordedRequest[]>;
  /** Forgets all scripts and recorded requests. */
  reset(): void;
  /** Destroys every open connection (stalled ones included) and stops listening. */
  close(): Promise<void>;
}

export async function startServer(): Promise<ScriptedServer> {
  const queues = new Map<string, Behaviour[]>();
  const fallbacks = new Map<string, Behaviour>();
  const requests: RecordedRequest[] = [];
  let waiters: { path: string; count: number; resolve: (r: RecordedRequest[]) => void }[] = [];

  const requestsTo = (path: string) => requests.filter((r) => r.path === path);

  const notify = () => {
    waiters = waiters.filter((w) => {
      const got = requestsTo(w.path);
      if (got.length < w.count) return true;
      w.resolve(got);
      return false;
    });
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = req.url ?? "/";
      const path = url.split("?")[0] ?? url;
      requests.push({
        method: req.method ?? "",
        url,
        path,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      const behaviour = queues.get(path)?.shift() ?? fallbacks.get(path);
      act(behaviour, req, res);
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
    script(path, ...behaviours) {
      const queue = queues.get(path) ?? [];
      queue.push(...behaviours);
      queues.set(path, queue);
    },
    always(path, behaviour) {
      fallbacks.set(path, behaviour);
    },
    requestsTo,
    pending: (path) => queues.get(path)?.length ?? 0,
    waitForRequests(path, count) {
      return new Promise((resolve) => {
        waiters.push({ path, count, resolve });
        notify();
      });
    },
    reset() {
      queues.clear();
      fallbacks.clear();
      requests.length = 0;
      waiters = [];
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

function act(behaviour: Behaviour | undefined, req: http.IncomingMessage, res: http.ServerResponse): void {
  if (behaviour === undefined) {
    res.writeHead(599, { "content-type": "application/json", "x-should-retry": "false" });
    res.end(JSON.stringify({ title: "unscripted request" }));
    return;
  }
  if (behaviour === "reset") {
    req.socket.destroy();
    return;
  }
  if (behaviour === "stall") return;
  if ("hold" in behaviour) return behaviour.hold(res);
  if ("partial" in behaviour) {
    const { status, headers = {}, body } = behaviour.partial;
    const bytes = Buffer.from(body, "utf8");
    res.writeHead(status, { "content-type": "application/json", ...headers, "content-length": String(bytes.length) });
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => req.socket.destroy());
    return;
  }
  const { status, headers = {}, body } = behaviour;
  const text = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
  const contentType = typeof body === "string" || body === undefined ? {} : { "content-type": "application/json" };
  res.writeHead(status, { ...contentType, ...headers });
  res.end(text);
}

/** A `{ status, headers, body }` behaviour with an `application/problem+json` body. */
export function problem(status: number, detail: string, headers: Record<string, string> = {}): Behaviour {
  return {
    status,
    headers: { "content-type": "application/problem+json", ...headers },
    body: JSON.stringify({ type: "about:blank", title: http.STATUS_CODES[status] ?? "Error", status, detail }),
  };
}
