// The frame faults both realtime mocks share, and the timers they run on: delay (a frame sent
// later), duplicate (sent twice) and reorder (the next frame held back until the one after it is
// sent). Owns the pending timers and the held frame; the mocks' own code decides what a frame is.
// Drop and close act on sockets, so they stay with each mock's handlers.

/** A mock's timers and frame faults. `reset()` forgets both; `stop()` only cancels the timers. */
export function frameFaults() {
  const timers = new Set();
  let reorderNext = false;
  /** @type {(() => void) | undefined} */
  let held;

  function stop() {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  }

  function release() {
    if (!held) return;
    const send = held;
    held = undefined;
    send();
  }

  return {
    /** Runs `fn` in `ms` (a timer even for 0); reset() and stop() cancel it. */
    later(/** @type {number} */ ms, /** @type {() => void} */ fn) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        fn();
      }, ms);
      timers.add(timer);
    },
    /**
     * Sends one frame through `send`: twice with `duplicate`; held back when reorder(true) is armed
     * and no frame is held yet (held frames are sent once); a held one goes right after this one.
     * @param {() => void} send
     * @param {{ duplicate?: boolean }} [options]
     */
    deliver(send, { duplicate = false } = {}) {
      if (reorderNext && !held) {
        reorderNext = false;
        held = send;
        return;
      }
      send();
      if (duplicate) send();
      release();
    },
    /** `true`: hold the next frame until the following one is sent; `false`: disarm and release a held one. */
    reorder(/** @type {unknown} */ next) {
      reorderNext = Boolean(next);
      if (!next) release();
    },
    stop,
    reset() {
      stop();
      reorderNext = false;
      held = undefined;
    },
  };
}

/**
 * A failed schema check's errors as `violations` records them: where (a JSON pointer, "/" for the
 * payload itself) and what (Ajv's message and its params).
 * @param {{ errors?: { instancePath: string, message?: string, params?: object }[] | null }} validate
 */
export function schemaErrors(validate) {
  return (validate.errors ?? []).map((e) => ({ path: e.instancePath || "/", message: `${e.message}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ""}` }));
}
