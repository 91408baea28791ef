// The realtime mocks' frame faults without a socket: frames are strings pushed to an array, time
// is vitest's fake clock.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { frameFaults, schemaErrors } from "../src/realtime/faults.mjs";

describe("frameFaults", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** @type {string[]} */
  let sent;
  beforeEach(() => {
    sent = [];
  });
  const frame = (name) => () => sent.push(name);

  it("delivers a frame once, twice with duplicate", () => {
    const faults = frameFaults();
    faults.deliver(frame("a"));
    faults.deliver(frame("b"), { duplicate: true });
    expect(sent).toEqual(["a", "b", "b"]);
  });

  it("reorder(true) holds the next frame until the one after it is sent, once", () => {
    const faults = frameFaults();
    faults.reorder(true);
    faults.deliver(frame("a"), { duplicate: true });
    expect(sent).toEqual([]);
    faults.deliver(frame("b"));
    faults.deliver(frame("c"));
    expect(sent).toEqual(["b", "a", "c"]);
  });

  it("reorder(false) releases a held frame at once and disarms", () => {
    const faults = frameFaults();
    faults.reorder(true);
    faults.deliver(frame("a"));
    faults.reorder(false);
    expect(sent).toEqual(["a"]);
    faults.deliver(frame("b"));
    expect(sent).toEqual(["a", "b"]);
  });

  it("later runs after its delay (a timer even for 0); stop() cancels what is pending", () => {
    const faults = frameFaults();
    faults.later(0, frame("zero"));
    faults.later(50, frame("fifty"));
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(0);
    expect(sent).toEqual(["zero"]);
    faults.later(100, frame("cancelled"));
    vi.advanceTimersByTime(50);
    expect(sent).toEqual(["zero", "fifty"]);
    faults.stop();
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual(["zero", "fifty"]);
  });

  it("reset() cancels timers, disarms reorder and drops a held frame", () => {
    const faults = frameFaults();
    faults.later(10, frame("timer"));
    faults.reorder(true);
    faults.deliver(frame("held"));
    faults.reset();
    faults.deliver(frame("after"));
    vi.advanceTimersByTime(100);
    expect(sent).toEqual(["after"]);
    faults.reorder(true);
    faults.reset();
    faults.deliver(frame("not held"));
    expect(sent).toEqual(["after", "not held"]);
  });
});

describe("schemaErrors", () => {
  it("gives each Ajv error a JSON pointer ('/' for the root) and its message with params", () => {
    expect(schemaErrors({ errors: [
      { instancePath: "", message: "must have required property 'id'", params: { missingProperty: "id" } },
      { instancePath: "/body/n", message: "must be number", params: {} },
    ] })).toEqual([
      { path: "/", message: `must have required property 'id' {"missingProperty":"id"}` },
      { path: "/body/n", message: "must be number" },
    ]);
    expect(schemaErrors({ errors: null })).toEqual([]);
  });
});
