// Ids no earlier run of a mock handed out, so a client that remembers ids across a mock's restart
// (the SDKs' duplicate filters do) never mistakes a new message for an old one.
import { randomBytes } from "node:crypto";

let last = 0;

/** An integer id: milliseconds since the epoch, bumped past the last one this process gave. */
export function uniqueInteger() {
  last = Math.max(last + 1, Date.now());
  return last;
}

/** A string id `<prefix>_<random run part><counter>`: the run part differs for every call of `idSource()`. */
export function idSource() {
  const run = randomBytes(4).toString("hex");
  let seq = 0;
  return (/** @type {string} */ prefix) => `${prefix}_${run}${(++seq).toString(36)}`;
}
