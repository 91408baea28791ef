// Owns the typed event emitter every SDK client extends.
import { ValidationError } from "./errors.js";
import { describeValue } from "./validate.js";

/** Maps each event name to the tuple of arguments its listeners receive. */
export type EventMap = { [event: string]: unknown[] };

/** A listener of an event whose arguments are `Args`. */
export type Listener<Args extends unknown[]> = (...args: Args) => void;

// Listeners of every event live in one map; their argument types are enforced at on/off/emit.
type AnyListener = Function;

/**
 * A small typed event emitter: `on`/`off`/`once` keyed by event name with typed payloads.
 * A listener that throws does not stop delivery to the others; the error goes to
 * `onListenerError` (by default it is re-thrown asynchronously, as browsers report listener errors).
 */
export class Emitter<Events extends { [K in keyof Events]: unknown[] }> {
  #listeners = new Map<keyof Events, Set<AnyListener>>();
  #onListenerError: (error: unknown) => void;

  /** @param options.onListenerError Gets what a listener throws; default: re-thrown in a microtask. */
  constructor(options: { onListenerError?: (error: unknown) => void } = {}) {
    this.#onListenerError =
      options.onListenerError ??
      ((error) =>
        queueMicrotask(() => {
          throw error;
        }));
  }

  /** Adds `listener` for `event` (once per listener: adding it again changes nothing). Throws ValidationError when it is not a function. */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): this {
    if (typeof listener !== "function") throw new ValidationError("listener", `must be a function, got ${describeValue(listener)}`);
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener as unknown as AnyListener);
    return this;
  }

  /** Removes `listener` from `event`, whether added by `on` or `once`. */
  off<K extends keyof Events>(event: K, listener: Listener<Events[K]>): this {
    const set = this.#listeners.get(event);
    if (!set) return this;
    if (!set.delete(listener as unknown as AnyListener)) {
      for (const l of set) if ((l as { listener?: unknown }).listener === listener) set.delete(l);
    }
    return this;
  }

  /** Adds `listener` for the next `event` only. */
  once<K extends keyof Events>(event: K, listener: Listener<Events[K]>): this {
    const wrapper = Object.assign(
      (...args: Events[K]) => {
        this.off(event, wrapper);
        listener(...args);
      },
      { listener },
    );
    return this.on(event, wrapper);
  }

  /** Calls every listener of `event`; returns whether there was any. */
  protected emit<K extends keyof Events>(event: K, ...args: Events[K]): boolean {
    const set = this.#listeners.get(event);
    if (!set || set.size === 0) return false;
    for (const listener of [...set]) {
      try {
        (listener as (...a: unknown[]) => void)(...args);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
    return true;
  }

  /** How many listeners `event` has. */
  listenerCount<K extends keyof Events>(event: K): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  /** Removes every listener of `event`, or of every event when none is given. */
  removeAllListeners<K extends keyof Events>(event?: K): this {
    if (event === undefined) this.#listeners.clear();
    else this.#listeners.delete(event);
    return this;
  }
}
