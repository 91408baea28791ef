// Owns RFC 3339 date and date-time checking by the grammar, the same in every engine.
/**
 * RFC 3339 §5.6 `full-date` and `date-time`, checked by the RFC's grammar and §5.7's limits alone
 * (not `Date.parse`, whose answers differ between engines and which rolls 2026-02-30 over to March):
 *
 *     full-date  = date-fullyear "-" date-month "-" date-mday       ; 4DIGIT "-" 01-12 "-" 01-28/29/30/31
 *     date-time  = full-date "T" partial-time time-offset           ; "T" or "t"
 *     partial-time = time-hour ":" time-minute ":" time-second [time-secfrac]   ; 00-23, 00-59, 00-60, "." 1*DIGIT
 *     time-offset  = "Z" / ("+" / "-") time-hour ":" time-minute    ; "Z" or "z"
 *
 * A second of 60 is a leap second: valid only at 23:59 UTC once the offset is applied. Which months
 * really had one is not checked (RFC 3339 §5.7 leaves that to a table of the past).
 * No library: the well-kept ones either lean on `Date` or bundle full ISO 8601 parsing (kilobytes
 * for the browser budget); this is the RFC's grammar in a few lines.
 */
const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/** What is wrong with a string as an RFC 3339 value: its syntax, its calendar date, its time; or nothing. */
export type Rfc3339Problem = "syntax" | "date" | "time" | undefined;

export function fullDateProblem(text: string): Rfc3339Problem {
  const m = FULL_DATE.exec(text);
  return m ? dateProblem(+m[1]!, +m[2]!, +m[3]!) : "syntax";
}

export function dateTimeProblem(text: string): Rfc3339Problem {
  const m = DATE_TIME.exec(text);
  if (!m) return "syntax";
  const date = dateProblem(+m[1]!, +m[2]!, +m[3]!);
  if (date) return date;
  const [hour, minute, second] = [+m[4]!, +m[5]!, +m[6]!];
  const offset = m[7] ? [+m[8]!, +m[9]!] : [0, 0];
  if (hour > 23 || minute > 59 || second > 60 || offset[0]! > 23 || offset[1]! > 59) return "time";
  if (second === 60) {
    const utc = (((hour * 60 + minute - (m[7] === "-" ? -1 : 1) * (offset[0]! * 60 + offset[1]!)) % 1440) + 1440) % 1440;
    if (utc !== 23 * 60 + 59) return "time";
  }
  return undefined;
}

function dateProblem(year: number, month: number, day: number): Rfc3339Problem {
  if (month < 1 || month > 12 || day < 1) return "date";
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return day > days ? "date" : undefined;
}
