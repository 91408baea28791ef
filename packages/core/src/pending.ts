// Owns the requests of a socket protocol that wait for their answer, each under a deadline.
import { TimeoutError, type ParleyError } from "./errors.js";

/** One waiting request. */
interface Entry {
  /** Settles it with the answer. */
  resolve(value: unknown): void;
  /** Settles it with a failure. */
  reject(error: ParleyError): void;
  /** Its deadline. */
  timer: ReturnType<typeof setTimeout>;
  /** What the request was, for the TimeoutError's message. */
  label: string;
}

/**
 * Requests waiting for their answer (socket.io acks, LivePerson responses), keyed by the id the
 * protocol correlates them with. Each has a deadline: past it the promise rejects with a
 * `TimeoutError` naming the request, and a late answer is ignored.
 */
export class PendingReplies<K> {
  readonly #entries = new Map<K, Entry>();

  /** Registers `key`; the promise settles through `take(key)`, `rejectAll` or the deadline. */
  add(key: K, label: string, timeoutMs: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#entries.delete(key);
        reject(new TimeoutError(`No answer to ${label} within ${timeoutMs} ms.`));
      }, timeoutMs);
      this.#entries.set(key, { resolve, reject, timer, label });
    });
  }

  /** Removes `key` and returns its callbacks (deadline cleared), or undefined when unknown or late. */
  take(key: K): Pick<Entry, "resolve" | "reject" | "label"> | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    clearTimeout(entry.timer);
    return entry;
  }

  /** Rejects every waiting request with the error `make` builds from its label. */
  rejectAll(make: (label: string) => ParleyError): void {
    for (const key of [...this.#entries.keys()]) {
      const entry = this.take(key);
      entry?.reject(make(entry.label));
    }
  }

  /** How many requests wait. */
  get size(): number {
    return this.#entries.size;
  }
}
