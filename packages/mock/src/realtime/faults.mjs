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

/**
 * Checks the options of a scripted push (`{ duplicate?, delayMs? }`), so a typo throws in the test
 * that wrote it. Throws a TypeError naming the control and the option.
 * @param {string} control e.g. "push" or "emit"
 * @param {unknown} options
 */
export function checkPushOptions(control, options) {
  if (options === undefined) return;
  if (options === null || typeof options !== "object" || Array.isArray(options)) throw new TypeError(`${control}: options must be an object`);
  for (const key of Object.keys(options)) if (key !== "duplicate" && key !== "delayMs") throw new TypeError(`${control}: unknown option "${key}" (known: duplicate, delayMs)`);
  const { duplicate, delayMs } = /** @type {{ duplicate?: unknown, delayMs?: unknown }} */ (options);
  if (duplicate !== undefined && typeof duplicate !== "boolean") throw new TypeError(`${control}: options.duplicate must be true or false`);
  if (delayMs !== undefined && (!Number.isInteger(delayMs) || /** @type {number} */ (delayMs) < 0 || /** @type {number} */ (delayMs) > 600_000)) {
    throw new TypeError(`${control}: options.delayMs must be an integer from 0 to 600000 (ms), got ${String(delayMs)}`);
  }
}

/**
 * Checks a WebSocket close code a test asks for: 1000, or 3000-4999 (RFC 6455 7.4: the codes an
 * application may send). Throws a TypeError naming it.
 * @param {unknown} code
 */
export function checkCloseCode(code) {
  if (code !== 1000 && !(Number.isInteger(code) && /** @type {number} */ (code) >= 3000 && /** @type {number} */ (code) <= 4999)) {
    throw new TypeError(`closeWith: code must be 1000 or from 3000 to 4999 (RFC 6455 section 7.4), got ${String(code)}`);
  }
}
