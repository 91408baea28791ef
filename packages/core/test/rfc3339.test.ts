import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dateTimeProblem, fullDateProblem } from "../src/rfc3339.js";

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
/** The days of a month, from Date.UTC's calendar arithmetic (not from parsing a string). */

describe("RFC 3339 grammar", () => {
  it("property: a date-time built from components is valid exactly when each component is in range", () => {
    fc.assert(
      fc.property(
        fc.record({
          year: fc.integer({ min: 1000, max: 9999 }),
          month: fc.integer({ min: 0, max: 13 }),
          day: fc.integer({ min: 0, max: 32 }),
          hour: fc.integer({ min: 0, max: 25 }),
          minute: fc.integer({ min: 0, max: 61 }),
          second: fc.integer({ min: 0, max: 61 }),
          fraction: fc.option(fc.stringMatching(/^[0-9]{1,9}$/), { nil: undefined }),
          offset: fc.oneof(fc.constantFrom("Z", "z"), fc.record({ sign: fc.constantFrom("+", "-"), hour: fc.integer({ min: 0, max: 25 }), minute: fc.integer({ min: 0, max: 61 }) })),
          t: fc.constantFrom("T", "t"),
        }),
        (c) => {
          const offset = typeof c.offset === "string" ? c.offset : `${c.offset.sign}${pad(c.offset.hour)}:${pad(c.offset.minute)}`;
          const text = `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}${c.t}${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}${c.fraction ? `.${c.fraction}` : ""}${offset}`;
          const dateOk = c.month >= 1 && c.month <= 12 && c.day >= 1 && c.day <= new Date(Date.UTC(c.year, c.month, 0)).getUTCDate();
          const off = typeof c.offset === "string" ? { sign: "+", hour: 0, minute: 0 } : c.offset;
          let timeOk = c.hour <= 23 && c.minute <= 59 && c.second <= 60 && off.hour <= 23 && off.minute <= 59;
          if (timeOk && c.second === 60) {
            const utc = c.hour * 60 + c.minute - (off.sign === "-" ? -1 : 1) * (off.hour * 60 + off.minute);
            timeOk = ((utc % 1440) + 1440) % 1440 === 23 * 60 + 59;
          }
          expect(dateTimeProblem(text)).toBe(!dateOk ? "date" : !timeOk ? "time" : undefined);
          expect(fullDateProblem(text.slice(0, 10))).toBe(dateOk ? undefined : "date");
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("property: any string outside the grammar is a syntax problem, never accepted", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        if (!/^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(text)) expect(dateTimeProblem(text)).toBe("syntax");
      }),
    );
  });
});
