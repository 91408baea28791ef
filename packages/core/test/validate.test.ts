import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../src/index.js";
import * as validate from "../src/validate.js";

/** Runs `fn`, which must throw a ValidationError, and returns it. */
function validationError(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error("expected a ValidationError, but nothing was thrown");
}

function expectRejects(argument: string, fn: () => unknown, message?: string | RegExp): void {
  const error = validationError(fn);
  expect(error.argument).toBe(argument);
  expect(error.message).toContain(`\`${argument}\``);
  if (message !== undefined) expect(error.message).toMatch(message);
}

describe("requireString / optionalString", () => {
  it("returns a good value unchanged", () => {
    expect(validate.requireString("name", "Ada")).toBe("Ada");
    expect(validate.requireString("name", " x ", { min: 1, max: 3 })).toBe(" x ");
    expect(validate.requireString("code", "AB12", { pattern: /^[A-Z0-9]+$/ })).toBe("AB12");
    expect(validate.requireString("note", "", { min: 0 })).toBe("");
  });

  it("rejects wrong types, empty, blank, too short, too long and pattern mismatches", () => {
    expectRejects("name", () => validate.requireString("name", 42), /must be a string, got number 42/);
    expectRejects("name", () => validate.requireString("name", null), /got null/);
    // A missing env var reads as what it is (not "got undefined undefined").
    expectRejects("name", () => validate.requireString("name", undefined), /^Invalid argument `name`: must be a string, got undefined \(not set\)$/);
    expectRejects("name", () => validate.requireString("name", () => "x"), /got a function$/);
    expectRejects("name", () => validate.requireString("name", ["a"]), /got an array/);
    expectRejects("name", () => validate.requireString("name", ""), /must not be empty/);
    expectRejects("name", () => validate.requireString("name", "   "), /must not be empty/);
    expectRejects("name", () => validate.requireString("name", "ab", { min: 3 }), /at least 3 characters/);
    expectRejects("name", () => validate.requireString("name", "abcd", { max: 3 }), /at most 3 characters, got 4/);
    expectRejects("code", () => validate.requireString("code", "ab", { pattern: /^[A-Z]+$/, patternName: "upper case" }), /must be upper case/);
  });

  it("does not echo a long string in the message", () => {
    const secretish = "s".repeat(100);
    const error = validationError(() => validate.requireString("name", secretish, { max: 10 }));
    expect(error.message).not.toContain(secretish);
    expect(validationError(() => validate.requireNumber("n", secretish)).message).toContain("a string of 100 characters");
  });

  it("optionalString lets undefined through and checks anything else", () => {
    expect(validate.optionalString("nick", undefined)).toBeUndefined();
    expect(validate.optionalString("nick", "x")).toBe("x");
    expectRejects("nick", () => validate.optionalString("nick", null));
    expectRejects("nick", () => validate.optionalString("nick", ""));
  });

  it("property: any non-string value is rejected with the argument named", () => {
    fc.assert(
      fc.property(
        fc.anything().filter((v) => typeof v !== "string"),
        (value) => {
          expectRejects("value", () => validate.requireString("value", value));
        },
      ),
    );
  });

  it("property: any string with a non-blank character within max is accepted as is", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 50 }).filter((s) => s.trim().length > 0), (s) => {
        expect(validate.requireString("value", s, { max: 50 })).toBe(s);
      }),
    );
  });
});

describe("requireNumber / optionalNumber", () => {
  it("accepts finite numbers within the rules", () => {
    expect(validate.requireNumber("n", 0)).toBe(0);
    expect(validate.requireNumber("n", -1.5)).toBe(-1.5);
    expect(validate.requireNumber("n", 5, { min: 5, max: 5, integer: true })).toBe(5);
  });

  it("rejects non-numbers, NaN, infinities, fractions for integers, and out-of-range values", () => {
    expectRejects("n", () => validate.requireNumber("n", "5"), /finite number, got "5"/);
    expectRejects("n", () => validate.requireNumber("n", Number.NaN), /got NaN/);
    expectRejects("n", () => validate.requireNumber("n", Number.POSITIVE_INFINITY));
    expectRejects("n", () => validate.requireNumber("n", 1.5, { integer: true }), /integer/);
    expectRejects("n", () => validate.requireNumber("n", 0, { min: 1 }), /at least 1, got 0/);
    expectRejects("n", () => validate.requireNumber("n", 101, { max: 100 }), /at most 100, got 101/);
  });

  it("optionalNumber lets undefined through", () => {
    expect(validate.optionalNumber("limit", undefined)).toBeUndefined();
    expect(validate.optionalNumber("limit", 3)).toBe(3);
    expectRejects("limit", () => validate.optionalNumber("limit", null));
  });
});

describe("requireId", () => {
  it("accepts positive integers as numbers or numeric strings, and returns a number", () => {
    expect(validate.requireId("menuId", 123)).toBe(123);
    expect(validate.requireId("menuId", "123")).toBe(123);
    expect(validate.requireId("menuId", " 42 ")).toBe(42);
    expect(validate.requireId("menuId", 1)).toBe(1);
  });

  it.each([0, -1, 1.5, "abc", "", "  ", NaN, "-1", "1.5", "0", "1e3", "12abc", Number.MAX_SAFE_INTEGER + 1, "99999999999999999999", null, undefined, {}, [1], true])(
    "rejects %o",
    (value) => {
      expectRejects("menuId", () => validate.requireId("menuId", value), /positive integer id/);
    },
  );

  it("property: every positive safe integer is accepted in both forms", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(validate.requireId("id", n)).toBe(n);
        expect(validate.requireId("id", String(n))).toBe(n);
      }),
    );
  });
});

describe("requireEmail", () => {
  it("accepts plausible addresses", () => {
    expect(validate.requireEmail("email", "ada@example.com")).toBe("ada@example.com");
    expect(validate.requireEmail("email", "first.last+tag@sub.example.co.uk")).toBe("first.last+tag@sub.example.co.uk");
  });

  it.each(["", "ada", "ada@", "@example.com", "ada@example", "ada lovelace@example.com", "a@b@c.com", 7])("rejects %o", (value) => {
    expectRejects("email", () => validate.requireEmail("email", value));
  });

  it("rejects an address longer than 254 characters", () => {
    const long = `${"a".repeat(250)}@example.com`;
    expectRejects("email", () => validate.requireEmail("email", long), /at most 254/);
  });

  it("says it wants an email address", () => {
    expectRejects("email", () => validate.requireEmail("email", "nope"), /an email address/);
  });
});

describe("requireBoolean", () => {
  it("accepts booleans only", () => {
    expect(validate.requireBoolean("flag", true)).toBe(true);
    expect(validate.requireBoolean("flag", false)).toBe(false);
    expectRejects("flag", () => validate.requireBoolean("flag", "true"), /must be a boolean/);
    expectRejects("flag", () => validate.requireBoolean("flag", 0));
  });
});

describe("requireArray", () => {
  it("accepts arrays within bounds", () => {
    const value = [1, 2];
    expect(validate.requireArray("items", value, { min: 1, max: 2 })).toBe(value);
    expect(validate.requireArray("items", [])).toEqual([]);
  });

  it("rejects non-arrays, too few and too many items", () => {
    expectRejects("items", () => validate.requireArray("items", { length: 1 }), /must be an array, got an object/);
    expectRejects("items", () => validate.requireArray("items", "ab"));
    expectRejects("items", () => validate.requireArray("items", [], { min: 1 }), /at least 1/);
    expectRejects("items", () => validate.requireArray("items", [1, 2, 3], { max: 2 }), /at most 2 items, got 3/);
  });
});

describe("requireObject / optionalObject", () => {
  it("accepts plain objects, including null-prototype ones", () => {
    const value = { a: 1 };
    expect(validate.requireObject("attrs", value)).toBe(value);
    const bare = Object.create(null) as Record<string, unknown>;
    expect(validate.requireObject("attrs", bare)).toBe(bare);
  });

  it("rejects null, arrays, primitives and class instances", () => {
    expectRejects("attrs", () => validate.requireObject("attrs", null), /got null/);
    expectRejects("attrs", () => validate.requireObject("attrs", [1]), /got an array/);
    expectRejects("attrs", () => validate.requireObject("attrs", "x"));
    expectRejects("attrs", () => validate.requireObject("attrs", new Date()), /plain object/);
    expectRejects("attrs", () => validate.requireObject("attrs", new Map()), /plain object/);
  });

  it("optionalObject lets undefined through", () => {
    expect(validate.optionalObject("attrs", undefined)).toBeUndefined();
    expectRejects("attrs", () => validate.optionalObject("attrs", 1));
  });
});

describe("requireOneOf", () => {
  it("accepts an allowed value and rejects others, listing the allowed ones", () => {
    const channels = ["chat", "email", "call"] as const;
    const channel: "chat" | "email" | "call" = validate.requireOneOf("channel", "email", channels);
    expect(channel).toBe("email");
    expectRejects("channel", () => validate.requireOneOf("channel", "fax", channels), /one of "chat", "email", "call", got "fax"/);
    expectRejects("channel", () => validate.requireOneOf("channel", 1, channels));
    expectRejects("channel", () => validate.requireOneOf("channel", "CHAT", channels));
  });
});

describe("requireDateString", () => {
  it.each(["2026-11-21T10:00:00Z", "2026-11-21t10:00:00z", "2026-11-21T10:00:00.123+02:00", "2024-02-29T00:00:00-03:30", "1998-12-31T23:59:60Z", "1998-12-31T15:59:60.123-08:00"])(
    "accepts the date-time %s",
    (value) => {
      expect(validate.requireDateString("since", value)).toBe(value);
    },
  );

  it.each(["2026-11-21", "2024-02-29"])("accepts the full-date %s with dateOnly", (value) => {
    expect(validate.requireDateString("since", value, { dateOnly: true })).toBe(value);
  });

  it.each([
    "2026-11-21", // a date is not a date-time (createCall's scheduled_at)
    "2026-11-21T10:00Z", // seconds are required
    "2026-11-21 10:00:00Z", // the separator is T
    "2026-11-21T10:00:00", // a time zone is required
    "2026-11-21T10:00:00+0200",
    "2026-13-45",
    "21/11/2026",
    "2026-11-21T25:00:00Z",
    "2026-11-21T10:60:00Z",
    "2026-11-21T10:00:00+24:00",
    "1998-12-31T22:59:60Z", // a leap second only at 23:59 UTC
    "2026-11-21T10:00:00.Z",
    "２０２６-11-21T10:00:00Z", // full-width digits
    "yesterday",
    "",
    "2026-11-21T10:00:00Zjunk",
  ])("rejects %o as a date-time", (value) => {
    expectRejects("since", () => validate.requireDateString("since", value));
  });

  it.each(["2026-11-21T10:00:00Z", "2026-1-21", "20261121"])("rejects %o as a full-date", (value) => {
    expectRejects("since", () => validate.requireDateString("since", value, { dateOnly: true }));
  });

  it("rejects non-strings", () => {
    expectRejects("since", () => validate.requireDateString("since", new Date()), /must be a string/);
    expectRejects("since", () => validate.requireDateString("since", 1_700_000_000_000));
  });

  // V8's Date.parse rolls an out-of-range day over ("2026-02-30" parses as 2026-03-02).
  it.each(["2026-02-30T10:00:00Z", "2026-04-31T10:00:00Z", "2025-02-29T10:00:00Z", "1900-02-29T10:00:00Z"])("rejects the impossible day %s", (value) => {
    expectRejects("since", () => validate.requireDateString("since", value), /not a real date/);
  });
});

describe("requireFunction", () => {
  it("accepts functions and rejects everything else", () => {
    const fn = () => 1;
    expect(validate.requireFunction("callback", fn)).toBe(fn);
    expectRejects("callback", () => validate.requireFunction("callback", "fn"), /must be a function/);
    expectRejects("callback", () => validate.requireFunction("callback", {}));
  });
});

describe("checkOptionKeys", () => {
  const shape = { data: { key: true, name: true }, connection: { url: true, connectTimeout: true }, logger: true } as const;

  it("accepts known keys at every level, and leaves a leaf's own keys (a logger, a policy) alone", () => {
    expect(() => validate.checkOptionKeys("options", { data: { key: "k" }, connection: { connectTimeout: 5 }, logger: { warn() {}, extra: 1 } }, shape)).not.toThrow();
  });

  it("an unknown key that is an option at another level names its path and suggests the right one", () => {
    const e = validationError(() => validate.checkOptionKeys("options", { data: { key: "k" }, connectTimeout: 2000 }, shape));
    expect(e.argument).toBe("options.connectTimeout");
    expect(e.message).toBe("Invalid argument `options.connectTimeout`: is not an option; did you mean options.connection.connectTimeout?");
    const nested = validationError(() => validate.checkOptionKeys("options", { connection: { logger: {} } }, shape));
    expect(nested.message).toContain("`options.connection.logger`: is not an option; did you mean options.logger?");
  });

  it("an unknown key found nowhere lists the level's options; prototype keys are not options", () => {
    const e = validationError(() => validate.checkOptionKeys("options", { data: { key: "k", nmae: "x" } }, shape));
    expect(e.message).toBe("Invalid argument `options.data.nmae`: is not an option (expected key, name)");
    const proto = validationError(() => validate.checkOptionKeys("options", JSON.parse('{"connection":{"toString":1}}'), shape));
    expect(proto.argument).toBe("options.connection.toString");
  });

  it("a Proxy that throws while its keys are read is a ValidationError naming the level", () => {
    const hostile = new Proxy({}, { ownKeys: () => { throw new Error("boom"); } });
    expect(validationError(() => validate.checkOptionKeys("options", { connection: hostile }, shape)).argument).toBe("options.connection");
  });
});

describe("checkArgumentKeys", () => {
  const shapes = {
    body: { lang: true, custom_data: { signed: true, unsigned: "any" } },
    options: { signal: true },
  } as const;

  it("accepts known keys in every argument, any key inside free-form data, and arguments that are not objects", () => {
    expect(() => validate.checkArgumentKeys({ body: { lang: "en", custom_data: { unsigned: { plan: 1, signal: 2 } } }, options: { signal: undefined } }, shapes)).not.toThrow();
    expect(() => validate.checkArgumentKeys({ body: undefined, options: "x" }, shapes)).not.toThrow();
  });

  it("a key that belongs in another argument or at another level names its path and suggests the right one", () => {
    const signal = validationError(() => validate.checkArgumentKeys({ body: { lang: "en", signal: new AbortController().signal } }, shapes));
    expect(signal.message).toBe("Invalid argument `body.signal`: is not a known field; did you mean options.signal?");
    const lang = validationError(() => validate.checkArgumentKeys({ body: {}, options: { lang: "en" } }, shapes));
    expect(lang.message).toBe("Invalid argument `options.lang`: is not a known field; did you mean body.lang?");
    const up = validationError(() => validate.checkArgumentKeys({ body: { signed: "a.b.c" } }, shapes));
    expect(up.message).toBe("Invalid argument `body.signed`: is not a known field; did you mean body.custom_data.signed?");
    const down = validationError(() => validate.checkArgumentKeys({ body: { custom_data: { lang: "en" } } }, shapes));
    expect(down.message).toBe("Invalid argument `body.custom_data.lang`: is not a known field; did you mean body.lang?");
  });

  it("a key found nowhere goes into the one free-form object beside it, else the level's keys are listed", () => {
    const free = validationError(() => validate.checkArgumentKeys({ body: { custom_data: { plan: "gold" } } }, shapes));
    expect(free.message).toBe("Invalid argument `body.custom_data.plan`: is not a known field; did you mean body.custom_data.unsigned.plan?");
    const none = validationError(() => validate.checkArgumentKeys({ body: { lnag: "en" } }, shapes));
    expect(none.message).toBe("Invalid argument `body.lnag`: is not a known field (expected lang, custom_data)");
  });

  it("a Proxy that throws while its keys are read is a ValidationError naming the argument", () => {
    const hostile = new Proxy({}, { ownKeys: () => { throw new Error("boom"); } });
    expect(validationError(() => validate.checkArgumentKeys({ body: hostile }, shapes)).argument).toBe("body");
  });
});
