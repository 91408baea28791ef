// Owns the deadline over the reading of a response body: a timeout covers the whole exchange.

/** What a guarded response tells its attempt. */
export interface BodyWatch {
  /** Whether the attempt's deadline has passed. */
  readonly expired: boolean;
  /** The body was read to its end or failed (`streamed: false`), or was taken as a stream (`true`). */
  bodyDone(streamed: boolean): void;
  /** The error a read cut by the deadline rejects with. */
  timedOut(): Error;
}

const BODY_READERS = ["json", "text", "blob", "arrayBuffer", "formData", "bytes"] as const;
const WATCH = Symbol("parley.bodyWatch");
type Watched = Response & { [WATCH]: BodyWatch };

/** A guarded prototype per Response class met (undici's, a polyfill's), built once. */
const guardedPrototypes = new WeakMap<object, object>();

/**
 * Keeps the attempt's deadline over the reading of `response`'s body: each reader (`json()`,
 * `text()`, `blob()`, `arrayBuffer()`, `formData()`, `bytes()`) tells `watch` when it settles, and a
 * read cut by the deadline rejects with `watch.timedOut()`. Taking `body` itself (a stream) tells it
 * too: a stream's reader keeps its own idle timeout.
 *
 * The response gets a prototype (made once per Response class) that wraps its class's readers, so
 * a call costs one property and no closures; patching each instance cost ~30 µs a call on Node 20.
 * Readers a test double defines on the instance itself are not wrapped.
 */
export function guardBody(response: Response, watch: BodyWatch): void {
  (response as Watched)[WATCH] = watch;
  const proto = Object.getPrototypeOf(response) as object | null;
  if (proto === null) return;
  let guarded = guardedPrototypes.get(proto);
  if (!guarded) guardedPrototypes.set(proto, (guarded = guardedPrototype(proto)));
  Object.setPrototypeOf(response, guarded);
}

function guardedPrototype(proto: object): object {
  const guarded = Object.create(proto) as object;
  for (const name of BODY_READERS) {
    const read = (proto as Record<string, unknown>)[name];
    if (typeof read !== "function") continue;
    Object.defineProperty(guarded, name, {
      configurable: true,
      writable: true,
      value: function (this: Watched) {
        const watch = this[WATCH];
        return (read as () => Promise<unknown>).call(this).then(
          (value) => {
            watch.bodyDone(false);
            return value;
          },
          (error: unknown) => {
            watch.bodyDone(false);
            throw watch.expired ? watch.timedOut() : error;
          },
        );
      },
    });
  }
  const body = findGetter(proto, "body");
  if (body) {
    Object.defineProperty(guarded, "body", {
      configurable: true,
      get(this: Watched) {
        this[WATCH].bodyDone(true);
        return body.call(this);
      },
    });
  }
  return guarded;
}

function findGetter(proto: object | null, name: string): (() => unknown) | undefined {
  for (let p = proto; p !== null; p = Object.getPrototypeOf(p) as object | null) {
    const descriptor = Object.getOwnPropertyDescriptor(p, name);
    if (descriptor) return descriptor.get;
  }
  return undefined;
}

/**
 * Tells the `createFetch` attempt behind `response` that the stream taken from its body has ended
 * (read to the end, cancelled or failed), so it lets go of the caller's signal: a body taken as a
 * stream keeps answering that signal until then. A no-op for a response `createFetch` did not make.
 */
export function endBody(response: Response): void {
  (response as Partial<Watched>)[WATCH]?.bodyDone(false);
}

/** Whether a response to `method` has a body to read (RFC 9110 §6.4.1: not HEAD, 204, 205, 304 or an empty length). */
export function hasBody(method: string, response: Response): boolean {
  const s = response.status;
  return !(method === "HEAD" || s === 204 || s === 205 || s === 304 || response.headers.get("content-length") === "0" || response.body === null);
}
