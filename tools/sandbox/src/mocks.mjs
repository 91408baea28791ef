// The one place the sandbox takes its mocks from (@parley/mock, the package users install): the
// same startMock, adapted to the sandbox's needs (a `stop()` and the pid its table prints).
import net from "node:net";
import { MOCKS as NAMES, startMock as start } from "@parley/mock";

/** The APIs @parley/mock serves, in the sandbox's port order. @type {readonly string[]} */
export const MOCKS = NAMES;
export const HOST = "127.0.0.1";

/**
 * One API's mock, as @parley/mock starts it, plus the pid of the process listening on its URL (this
 * one: @parley/mock serves every API in process, the HTTP ones through its layer in front of
 * Prism), Prism's pid for the HTTP APIs, and `stop()`.
 * @param {string} name one of MOCKS
 * @param {{ port?: number | undefined, delayMs?: number, docsUrl?: string }} options
 */
export async function startMock(name, { port, ...options }) {
  const { delayMs, ...rest } = options; // headless answers at Prism's pace: it takes no delay
  const mock = await start(/** @type {(typeof NAMES)[number]} */ (name), { ...rest, ...(name === "headless" ? {} : { delayMs }), port: port ?? 0, host: HOST });
  return { url: mock.url, pid: mock.pid, prismPid: "prism" in mock ? mock.prism.pid : undefined, stop: () => mock.close() };
}

/** The ports a sandbox on `base` takes: the site on `base`, the mocks on `base + 10`, `+ 20`, ... */
export const portsOf = (/** @type {number} */ base) => [base, ...MOCKS.map((_, i) => base + 10 * (i + 1))];

/**
 * Rejects when a port of the sandbox on `base` is taken on 127.0.0.1, naming it, and suggesting
 * with the `--port` option a base whose every port is free now (probed: `base + 100`, `+ 200`, ...,
 * at most 20 tries), or `--port 0` (free ports) when none is.
 * @param {number} base
 * @returns {Promise<void>}
 */
export async function assertPortsFree(base) {
  const taken = await firstTaken(portsOf(base));
  if (taken === undefined) return;
  let free;
  for (let next = base + 100, tries = 0; free === undefined && tries < 20 && next + 40 <= 65_535; next += 100, tries++) {
    if ((await firstTaken(portsOf(next))) === undefined) free = next;
  }
  const range = (/** @type {number} */ n) => `${n} and ${n + 10}-${n + 10 * MOCKS.length}`;
  const suggestion = free === undefined ? "`npm start -- --port 0` (free ports)" : `\`npm start -- --port ${free}\` (${range(free)} are free now), or \`npm start -- --port 0\` (free ports)`;
  throw new Error(`Port ${taken} on ${HOST} is already in use (another sandbox or mock?); the sandbox on ${base} needs ${range(base)}. Choose a free port with the --port option: ${suggestion}.`);
}

/** The first of `ports` already taken on 127.0.0.1, or undefined when all are free. */
async function firstTaken(/** @type {number[]} */ ports) {
  for (const port of ports) if (!(await isFree(port))) return port;
  return undefined;
}

function isFree(/** @type {number} */ port) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (/** @type {NodeJS.ErrnoException} */ error) => (error.code === "EADDRINUSE" || error.code === "EACCES" ? resolve(false) : reject(error)));
    server.listen(port, HOST, () => server.close(() => resolve(true)));
  });
}
