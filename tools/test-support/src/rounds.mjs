// Interleaved rounds: every round runs each side `perRound` times in a row, the order reversed
// every other round, so all sides meet the same moments of a loaded machine. Per round it records
// the wall time and the process CPU time (user + system: the local server runs in this process, so
// its work counts the same for every side) per call, in µs. Shared by the HTTP packages' benches.

/**
 * Runs every side of `sides` in interleaved rounds; per side, the wall and CPU µs per call of each round.
 * @param {Record<string, () => Promise<unknown>>} sides
 * @param {{ rounds: number, perRound: number, warmup: number }} options
 * @returns {Promise<{ wall: Record<string, number[]>, cpu: Record<string, number[]> }>}
 */
export async function interleave(sides, { rounds, perRound, warmup }) {
  const names = Object.keys(sides);
  const side = (/** @type {string} */ name) => /** @type {() => Promise<unknown>} */ (sides[name]);
  for (let i = 0; i < warmup; i++) for (const name of names) await side(name)();
  /** @type {Record<string, number[]>} */
  const wall = Object.fromEntries(names.map((n) => [n, []]));
  /** @type {Record<string, number[]>} */
  const cpu = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (const name of r % 2 ? [...names].reverse() : names) {
      const fn = side(name);
      const c = process.cpuUsage();
      const t = process.hrtime.bigint();
      for (let i = 0; i < perRound; i++) await fn();
      wall[name]?.push(Number(process.hrtime.bigint() - t) / 1e3 / perRound);
      const d = process.cpuUsage(c);
      cpu[name]?.push((d.user + d.system) / perRound);
    }
  }
  return { wall, cpu };
}

/**
 * The `q` quantile (0-1) of `xs`, interpolated between the two nearest values.
 * @param {number[]} xs
 * @param {number} q
 */
export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  const at = (/** @type {number} */ k) => /** @type {number} */ (s[k]);
  return at(lo) + (at(Math.min(lo + 1, s.length - 1)) - at(lo)) * (i - lo);
}

/**
 * `a`/`b` round by round: the median and the spread (25th-75th percentile) of the ratios.
 * @param {number[]} a
 * @param {number[]} b
 */
export function ratio(a, b) {
  const ratios = a.map((x, i) => x / /** @type {number} */ (b[i]));
  return `${quantile(ratios, 0.5).toFixed(3)} (IQR ${quantile(ratios, 0.25).toFixed(3)}-${quantile(ratios, 0.75).toFixed(3)})`;
}

/**
 * `a`/`b` of the 10th percentiles of the rounds: the rounds other processes disturbed least. On a
 * loaded machine it moves less than the median of the ratios, which it complements.
 * @param {number[]} a
 * @param {number[]} b
 */
export const quietRatio = (a, b) => (quantile(a, 0.1) / quantile(b, 0.1)).toFixed(3);

/** The median of `xs`, printed as µs. @param {number[]} xs */
export const us = (xs) => `${quantile(xs, 0.5).toFixed(1).padStart(7)} µs`;

/**
 * Median µs per call of `fn` alone (no network), over `rounds` rounds of `perRound` calls.
 * @param {() => Promise<unknown>} fn
 * @param {{ rounds?: number, perRound?: number }} [options]
 */
export async function perCall(fn, { rounds = 15, perRound = 2000 } = {}) {
  const { cpu } = await interleave({ fn }, { rounds, perRound, warmup: perRound });
  return quantile(cpu.fn ?? [], 0.5);
}

/**
 * The request layers under `createFetch`, as fetches for an openapi-fetch client built by
 * `createApiClient` (its requests are core's `FetchRequest`s), to time them one at a time:
 * `plain` hands undici the URL and init as `createFetch` does, with no signal; `signalled` adds
 * what every attempt of `createFetch` adds (its own `AbortSignal`, `redirect: "manual"`). Neither
 * has a deadline, a body guard or a retry rule: they measure what undici charges for the signal.
 * @param {(input: string, init: RequestInit) => Promise<Response>} fetch
 */
export function requestLayers(fetch) {
  /** @param {Headers} headers */
  const plain = (headers) => {
    /** @type {Record<string, string>} */
    const out = {};
    headers.forEach((value, name) => (out[name] = value));
    return out;
  };
  return {
    /** @param {{ url: string, init: RequestInit, headers: Headers }} request */
    plain: (request) => fetch(request.url, { ...request.init, headers: plain(request.headers) }),
    /** @param {{ url: string, init: RequestInit, headers: Headers }} request */
    signalled: (request) =>
      fetch(request.url, { ...request.init, headers: plain(request.headers), signal: new AbortController().signal, redirect: "manual" }),
  };
}

/** The layers `requestLayers` and createFetch add, as `printComparison` lists them before the SDK's own. @type {[string, string][]} */
export const CORE_LAYERS = [
  ["layer: no signal", "core's openapi-fetch client, undici handed the URL and init, no signal"],
  ["layer: + signal", "+ an AbortSignal per attempt and redirect: manual (what createFetch hands undici)"],
  ["layer: createFetch", "+ the deadline, the body guard, the retry rule, unwrap"],
];

/**
 * Prints an SDK-vs-openapi-fetch comparison from `interleave`'s samples: median µs per call of
 * each side, the SDK / bare openapi-fetch ratio (wall and CPU, with the target), the quietest
 * rounds, the ratios to raw fetch and to `timed` (bare openapi-fetch given a timeout the cheapest
 * way a user can: `signal: AbortSignal.timeout(ms)` per call), then each of `layers` ([side, what
 * it adds], the SDK last) against bare openapi-fetch. `indent` prefixes every line.
 * @param {{ wall: Record<string, number[]>, cpu: Record<string, number[]>, sdk: string, bare: string, raw: string, timed: string, layers: [string, string][], indent?: string }} comparison
 */
export function printComparison({ wall, cpu, sdk, bare, raw, timed, layers, indent = "  " }) {
  console.log(`${indent}median per call (wall)   raw fetch ${us(wall[raw] ?? [])}   bare openapi-fetch ${us(wall[bare] ?? [])}   ${sdk} ${us(wall[sdk] ?? [])}`);
  const line = (/** @type {string} */ label, /** @type {string} */ a, /** @type {string} */ b, suffix = "") =>
    console.log(`${indent}${label.padEnd(30)}  wall ${ratio(wall[a] ?? [], wall[b] ?? [])}   cpu ${ratio(cpu[a] ?? [], cpu[b] ?? [])}${suffix}`);
  line("ratio sdk/openapi-fetch", sdk, bare, "   (target <= 1.03)");
  console.log(`${indent}  quietest rounds (p10)${" ".repeat(9)}wall ${quietRatio(wall[sdk] ?? [], wall[bare] ?? [])}   cpu ${quietRatio(cpu[sdk] ?? [], cpu[bare] ?? [])}`);
  line("ratio sdk/raw fetch", sdk, raw);
  line("ratio sdk/timed openapi-fetch", sdk, timed, "   (timed: openapi-fetch given AbortSignal.timeout per call)");
  line("ratio timed/bare openapi-fetch", timed, bare);
  line("ratio openapi-fetch/raw", bare, raw);
  console.log(`${indent}the SDK's layers, one at a time (wall / bare openapi-fetch, median of rounds; cpu alike):`);
  for (const [name, what] of layers) console.log(`${indent}  ${ratio(wall[name] ?? [], wall[bare] ?? [])}   cpu ${ratio(cpu[name] ?? [], cpu[bare] ?? [])}   ${what}`);
}
