// The one place the sandbox takes its mocks from (@parley/mock, the package users install): the
// same startMock, adapted to the sandbox's needs (a `stop()` and the pid its table prints).
import net from "node:net";
import { MOCKS as NAMES, startMock as start } from "@parley/mock";

/** The APIs @parley/mock serves, in the sandbox's port order. @type {readonly string[]} */
export const MOCKS = NAMES;
export const HOST = "127.0.0.1";

/**
 * One API's mock, as @parley/mock starts it, plus the pid of the process serving it (Prism's for
 * the HTTP APIs, this process's for the realtime ones) and `stop()`.
 * @param {string} name one of MOCKS
 * @param {{ port?: number | undefined, delayMs?: number, docsUrl?: string }} options
 */
export async function startMock(name, { port, ...options }) {
  const { delayMs, ...rest } = options; // headless answers at Prism's pace: it takes no delay
  const mock = await start(/** @type {(typeof NAMES)[number]} */ (name), { ...rest, ...(name === "headless" ? {} : { delayMs }), port: port ?? 0, host: HOST });
  return { url: mock.url, pid: "prism" in mock ? mock.prism.pid : process.pid, stop: () => mock.close() };
}

/**
 * Rejects, naming the port and the `--port` option, when `port` is already taken on 127.0.0.1.
 * @param {number} port
 * @returns {Promise<void>}
 */
export function assertPortFree(port) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (/** @type {NodeJS.ErrnoException} */ error) =>
      reject(error.code === "EADDRINUSE" ? new Error(`Port ${port} on ${HOST} is already in use (another sandbox or mock?). Choose a free port with the --port option: \`npm start -- --port 5000\` (the mocks take 5010-5040).`) : error),
    );
    server.listen(port, HOST, () => server.close(() => resolve()));
  });
}
