// The sandbox `npm start` runs: the static site (portal, demo, /sandbox.json) and every API's mock,
// all on 127.0.0.1. Only what the site serves is built first, and the work overlaps: the site
// binds its port at once (answering "still building"), @parley/mock's specs are bundled (codegen
// and a copy: the mocks read nothing else), then every mock starts while the portal and the demo
// build.
import { HOST, MOCKS, assertPortsFree, startMock } from "./mocks.mjs";

export { assertPortsFree };
import { startSite } from "./site.mjs";

/**
 * Starts the site on `port` and the mocks in MOCKS order on `port + 10`, `port + 20`, ... (with
 * `port: 0` every server takes a free port). Every port is checked before anything starts, so a
 * taken one is named with the `--port` option and a free base (assertPortsFree); a failed start (prepare, build or mock) stops
 * everything that did start and rejects with its error.
 * @param {{ port?: number, delayMs?: number, prepare?: () => Promise<unknown>, build?: () => Promise<unknown>, log?: (line: string) => void }} [options]
 *   `delayMs`: the mocks' pacing (the web chat agent answers after at least 500 ms).
 *   `prepare`: makes what the mocks read (@parley/mock's build); the mocks start after it.
 *   `build`: makes the site's files, while the mocks start; without it the site serves what is
 *   already built.
 *   `log`: one line per finished stage, with its time since the start.
 */
export async function startSandbox({ port = 4000, delayMs = 30, prepare, build, log = () => {} } = {}) {
  const begin = performance.now();
  const done = (/** @type {string} */ what) => log(`${what.padEnd(28)} ${((performance.now() - begin) / 1000).toFixed(1)} s`);
  if (port !== 0) await assertPortsFree(port);
  /** @type {{ urls: Record<string, string>, built: boolean }} */
  const state = { urls: {}, built: false };
  const site = await startSite(port, state);
  const url = `http://${HOST}:${/** @type {import("node:net").AddressInfo} */ (site.address()).port}`;
  /** @type {(Awaited<ReturnType<typeof startMock>> & { name: string })[]} */
  const running = [];
  const stop = async () => {
    site.closeAllConnections();
    await Promise.all([new Promise((resolve) => site.close(() => resolve(undefined))), ...running.map((m) => m.stop())]);
  };
  // The web chat's agent answers at a human pace in the sandbox; conversation notifies at once.
  const delayOf = (/** @type {string} */ name) => (name === "web-chat" ? Math.max(delayMs, 500) : name === "conversation" ? 0 : delayMs);
  const start = (/** @type {string} */ name) =>
    startMock(/** @type {Parameters<typeof startMock>[0]} */ (name), {
      port: port === 0 ? undefined : port + 10 * (MOCKS.indexOf(name) + 1),
      delayMs: delayOf(name),
      docsUrl: `${url}/${name}.html`,
    }).then((mock) => {
      running.push({ name, ...mock });
      state.urls[name] = mock.url;
      done(`${name} mock`);
    });
  try {
    if (prepare) await prepare().then(() => done("mock specs bundled"));
    await settle([build?.().then(() => done("portal and demo built")), ...MOCKS.map(start)]);
  } catch (error) {
    await stop();
    throw error;
  }
  state.built = true;
  running.sort((a, b) => MOCKS.indexOf(a.name) - MOCKS.indexOf(b.name));
  return { url, mocks: running, stop };
}

/** Waits for every promise, then rejects with the first failure: nothing is left starting. */
async function settle(/** @type {(Promise<unknown> | undefined)[]} */ promises) {
  const failed = (await Promise.allSettled(promises)).find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
}
