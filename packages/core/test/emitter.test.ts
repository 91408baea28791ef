import { describe, expect, it } from "vitest";
import { Emitter, ValidationError } from "../src/index.js";

type Events = {
  message: [text: string, id: number];
  closed: [];
};

/** Exposes the protected emit, as an SDK class would through its own methods. */
class TestEmitter extends Emitter<Events> {
  fire<K extends keyof Events>(event: K, ...args: Events[K]): boolean {
    return this.emit(event, ...args);
  }
}

function make() {
  const errors: unknown[] = [];
  const emitter = new TestEmitter({ onListenerError: (error) => errors.push(error) });
  return { emitter, errors };
}

describe("Emitter", () => {
  it("delivers the payload to every listener of the event, in order", () => {
    const { emitter } = make();
    const calls: string[] = [];
    emitter.on("message", (text, id) => calls.push(`a:${text}:${id}`));
    emitter.on("message", (text, id) => calls.push(`b:${text}:${id}`));
    emitter.on("closed", () => calls.push("closed"));
    expect(emitter.fire("message", "hi", 1)).toBe(true);
    expect(calls).toEqual(["a:hi:1", "b:hi:1"]);
  });

  it("returns false when the event has no listener", () => {
    const { emitter } = make();
    expect(emitter.fire("closed")).toBe(false);
    const l = () => {};
    emitter.on("closed", l).off("closed", l);
    expect(emitter.fire("closed")).toBe(false);
  });

  it("adds the same listener once", () => {
    const { emitter } = make();
    let n = 0;
    const l = () => n++;
    emitter.on("closed", l).on("closed", l);
    emitter.fire("closed");
    expect(n).toBe(1);
    expect(emitter.listenerCount("closed")).toBe(1);
  });

  it("off removes only the given listener", () => {
    const { emitter } = make();
    const calls: string[] = [];
    const a = () => calls.push("a");
    const b = () => calls.push("b");
    emitter.on("closed", a).on("closed", b).off("closed", a);
    emitter.fire("closed");
    expect(calls).toEqual(["b"]);
    expect(emitter.off("message", () => {})).toBe(emitter);
  });

  it("once fires a listener a single time", () => {
    const { emitter } = make();
    const seen: string[] = [];
    emitter.once("message", (text) => seen.push(text));
    expect(emitter.listenerCount("message")).toBe(1);
    emitter.fire("message", "first", 1);
    emitter.fire("message", "second", 2);
    expect(seen).toEqual(["first"]);
    expect(emitter.listenerCount("message")).toBe(0);
  });

  it("off removes a once-listener before it fires", () => {
    const { emitter } = make();
    let n = 0;
    const l = () => n++;
    emitter.once("closed", l);
    emitter.off("closed", l);
    expect(emitter.listenerCount("closed")).toBe(0);
    expect(emitter.fire("closed")).toBe(false);
    expect(n).toBe(0);
  });

  it("a throwing listener does not stop later listeners; its error goes to onListenerError", () => {
    const { emitter, errors } = make();
    const boom = new Error("boom");
    const calls: string[] = [];
    emitter.on("closed", () => calls.push("first"));
    emitter.on("closed", () => {
      throw boom;
    });
    emitter.on("closed", () => calls.push("third"));
    expect(emitter.fire("closed")).toBe(true);
    expect(calls).toEqual(["first", "third"]);
    expect(errors).toEqual([boom]);
  });

  it("reports a listener error asynchronously by default", async () => {
    const emitter = new TestEmitter();
    const boom = new Error("late boom");
    let later = false;
    emitter.on("closed", () => {
      throw boom;
    });
    emitter.on("closed", () => (later = true));
    const reported = new Promise<unknown>((resolve) => process.once("uncaughtException", resolve));
    expect(() => emitter.fire("closed")).not.toThrow();
    expect(later).toBe(true);
    expect(await reported).toBe(boom);
  });

  it("rejects a listener that is not a function, naming it", () => {
    const { emitter } = make();
    let error: unknown;
    try {
      emitter.on("closed", "not a function" as unknown as () => void);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).argument).toBe("listener");
    expect(emitter.listenerCount("closed")).toBe(0);
  });

  it("listenerCount counts per event", () => {
    const { emitter } = make();
    emitter.on("message", () => {}).on("message", () => {}).once("closed", () => {});
    expect(emitter.listenerCount("message")).toBe(2);
    expect(emitter.listenerCount("closed")).toBe(1);
  });

  it("removeAllListeners clears one event, or all", () => {
    const { emitter } = make();
    let n = 0;
    emitter.on("message", () => n++).on("closed", () => n++);
    emitter.removeAllListeners("message");
    expect(emitter.listenerCount("message")).toBe(0);
    expect(emitter.listenerCount("closed")).toBe(1);
    emitter.fire("message", "x", 1);
    expect(n).toBe(0);
    emitter.on("message", () => n++);
    emitter.removeAllListeners();
    expect(emitter.listenerCount("message")).toBe(0);
    expect(emitter.listenerCount("closed")).toBe(0);
    expect(emitter.fire("closed")).toBe(false);
    expect(n).toBe(0);
  });

  it("types payloads per event", () => {
    const { emitter } = make();
    const texts: string[] = [];
    emitter.on("message", (text: string, id: number) => texts.push(`${text}${id}`));
    // @ts-expect-error the message payload is (string, number), not a number first
    emitter.on("message", (text: number) => texts.push(String(text)));
    // @ts-expect-error closed has no payload
    emitter.fire("closed", "unexpected");
    // @ts-expect-error wrong payload type for message
    emitter.fire("message", 1, "a");
    // @ts-expect-error no such event
    emitter.on("nope", () => {});
    // @ts-expect-error emit is protected
    emitter.emit("closed");
    emitter.fire("message", "ok", 2);
    expect(texts).toContain("ok2");
  });
});
