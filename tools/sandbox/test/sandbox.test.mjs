// The sandbox as a newcomer meets it: `npm start`'s bin, started from the built state (turbo builds
// the portal and the demo before this test), answers 200 on every URL it prints and stops every
// process on SIGTERM; a taken port is named before anything starts.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { startSandbox } from "../src/sandbox.mjs";
import { startSite } from "../src/site.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.join(here, "../bin/parley-sandbox.mjs");
const apis = Object.keys(parse(readFileSync(path.join(here, "../../../redocly.yaml"), "utf8")).apis);

/** @type {(() => unknown)[]} */
const cleanups = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** Runs the bin; resolves its output once `until` matches it (or it exits), and the child. */
function runBin(/** @type {string[]} */ args, /** @type {RegExp} */ until) {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
  // SIGTERM, so the bin stops its own children (Prism) as Ctrl-C would.
  cleanups.push(() => child.exitCode === null && child.kill("SIGTERM") && exited);
  const matched = new Promise((resolve) => {
    const read = (/** @type {Buffer} */ chunk) => {
      output += chunk.toString();
      if (until.test(output)) resolve(output);
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.on("exit", () => resolve(output));
  });
  return { child, matched, exited, output: () => output };
}

/** Holds `port` on 127.0.0.1 (0: a free one) until the test ends (one another process holds is taken all the same); resolves the port. */
async function hold(/** @type {number} */ port) {
  const server = net.createServer();
  const held = await new Promise((resolve) => {
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => resolve(true));
  });
  if (!held) return port;
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return /** @type {net.AddressInfo} */ (server.address()).port;
}

/** Lets go of a port `hold` took before the test ends. */
async function release(/** @type {number} */ port) {
  const index = cleanups.length - 1;
  await cleanups.splice(index, 1)[0]?.();
  return port;
}

/** Whether `port` can be bound on 127.0.0.1 right now. */
function free(/** @type {number} */ port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function get(/** @type {string} */ url) {
  const response = await fetch(url, { headers: { accept: "application/json" } });
  return { status: response.status, type: response.headers.get("content-type") ?? "", text: await response.text() };
}

const isAlive = (/** @type {number} */ pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("npm start (parley-sandbox --no-build, from the built state)", () => {
  it("answers 200 on the portal, every reference page, the demo and every mock, then stops everything on SIGTERM", async () => {
    const run = runBin(["--port", "0", "--no-build"], /the web chat socket: \S+\n/);
    const output = /** @type {string} */ (await run.matched);
    const rows = Object.fromEntries([...output.matchAll(/^(docs portal|demo page|[\w-]+ mock)\s+((?:http|ws):\/\/127\.0\.0\.1:\d+\S*)\s+(\d+)$/gm)].map(([, what, url, pid]) => [what, { url, pid: Number(pid) }]));
    expect(Object.keys(rows)).toEqual(["docs portal", "demo page", "headless mock", "agent-api mock", "web-chat mock", "conversation mock"]);
    const site = new URL(/** @type {{ url: string }} */ (rows["docs portal"]).url).origin;

    const portal = await get(`${site}/`);
    expect(portal.status).toBe(200);
    for (const api of apis) expect(portal.text).toContain(`href="${api}.html"`);
    // Every link on the index is relative, so the portal also works below a path (a host's /docs/, a CI artifact).
    expect([...portal.text.matchAll(/\shref="([^"]*)"/g)].map(([, href]) => href ?? "").filter((href) => href.startsWith("/"))).toEqual([]);
    for (const api of apis) {
      const page = await get(`${site}/${api}.html`);
      expect(page.status, api).toBe(200);
      expect(page.type).toMatch(/^text\/html/);
      expect(page.text).toContain('id="parley-index"');
    }
    const demo = await get(`${site}/demo/`);
    expect(demo.status).toBe(200);
    expect((await get(`${site}/demo/demo.js`)).status).toBe(200);
    expect((await get(`${site}/favicon.svg`)).type).toBe("image/svg+xml");

    const mocks = Object.entries(rows).filter(([what]) => what.endsWith(" mock")).map(([what, row]) => ({ name: what.replace(/ mock$/, ""), ...row }));
    expect(JSON.parse((await get(`${site}/sandbox.json`)).text)).toEqual(Object.fromEntries(mocks.map((m) => [m.name, m.url])));
    for (const mock of mocks) {
      const hint = await get(`http://${new URL(mock.url).host}/`); // the realtime mocks answer plain HTTP beside their ws:// base URL
      expect(hint.status, mock.name).toBe(200);
      expect(JSON.parse(hint.text)).toMatchObject({ api: mock.name, baseUrl: mock.url, docs: `${site}/${mock.name}.html` });
      // The spec can be fetched from the URL the hint gives, not only named by its package path.
      const spec = await get(JSON.parse(hint.text).specUrl);
      expect(spec.status, mock.name).toBe(200);
      expect(spec.text).toMatch(/^(openapi|asyncapi): /m);
    }

    // The PID column names the process listening on each URL: the sandbox's own, HTTP mocks included
    // (their layer runs in it; Prism is behind, on a private port, named on the line below the table).
    expect(mocks.map((m) => m.pid)).toEqual(mocks.map(() => run.child.pid));
    const prism = (/^Prism, behind the headless and agent-api mocks: pid (\d+), (\d+)$/m.exec(output) ?? []).slice(1).map(Number);
    expect(prism).toHaveLength(2);
    expect(prism.every(isAlive)).toBe(true);
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    expect(prism.filter(isAlive)).toEqual([]);
    await expect(fetch(`${site}/`)).rejects.toThrow();
  });

  it("stops everything when the shell npm runs it in dies (a SIGTERM to `npm start` ends only npm and sh)", async () => {
    // `; exit` keeps the shell from exec-ing node, as npm's `sh -c` does not exec either.
    const shell = spawn("sh", ["-c", `"${process.execPath}" "${bin}" --port 0 --no-build; exit`], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    cleanups.push(() => shell.exitCode === null && shell.kill("SIGKILL"));
    const table = new Promise((resolve) => {
      const read = (/** @type {Buffer} */ chunk) => {
        output += chunk.toString();
        if (/^Prism, behind .*\n/m.test(output)) resolve(undefined);
      };
      shell.stdout.on("data", read);
      shell.stderr.on("data", read);
    });
    await table;
    const sandbox = Number(/^docs portal\s+\S+\s+(\d+)$/m.exec(output)?.[1]);
    const prism = (/^Prism, behind the headless and agent-api mocks: pid (\d+), (\d+)$/m.exec(output) ?? []).slice(1).map(Number);
    const all = [sandbox, ...prism];
    cleanups.push(() => all.filter(isAlive).forEach((pid) => process.kill(pid, "SIGKILL")));
    expect(all.every(isAlive)).toBe(true);
    shell.kill("SIGKILL"); // the shell goes; the sandbox, its child, is orphaned
    // Bounded: 600 checks, one per event-loop turn after a 50 ms wait (a deadline, not a timing).
    for (let i = 0; i < 600 && all.some(isAlive); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(all.filter(isAlive)).toEqual([]);
  });

  it("names a taken port and the --port option, and starts nothing", async () => {
    const port = await hold(0);

    const run = runBin(["--port", String(port), "--no-build"], /already in use/);
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use.*npm start -- --port`));

    let built = false;
    const error = await startSandbox({ port, build: async () => void (built = true) }).catch((e) => e);
    expect(error.message).toMatch(new RegExp(`^Port ${port} on 127\\.0\\.0\\.1 is already in use`));
    expect(built).toBe(false);
  });

  it("suggests a base port whose every port is free now, before it builds anything", async () => {
    // The sandbox on `base` is refused for its web chat port (base + 30), as with `--port 5000`
    // while 5030 is held: the suggestion must be another base, every one of its ports free.
    const base = await hold(0).then(release);
    await hold(base + 30);
    const suggested = async () => {
      const run = runBin(["--port", String(base)], /already in use/); // with the build: nothing of it may start
      expect(await run.exited).toBe(1);
      expect(run.output()).not.toContain("Building");
      const taken = Number(/^Port (\d+) on 127\.0\.0\.1 is already in use/.exec(run.output())?.[1]); // base + 30, or one held by another process
      expect([base, base + 10, base + 20, base + 30, base + 40]).toContain(taken);
      const next = Number(/`npm start -- --port (\d+)`/.exec(run.output())?.[1]);
      expect(next).not.toBe(base);
      for (const p of [next, next + 10, next + 20, next + 30, next + 40]) expect(await free(p), `port ${p}`).toBe(true);
      return next;
    };
    const first = await suggested();
    // Probed, not fixed: with the suggested range's last port taken, the next run suggests another.
    await hold(first + 40);
    expect(await suggested()).not.toBe(first);
  });

  it("rejects a port that is not a number, with the usage", async () => {
    const run = runBin(["--port", "four"], /port/);
    expect(await run.exited).toBe(2);
    expect(run.output()).toContain("--port takes a port number (0: free ports), got four");
  });
});

describe("the start order", () => {
  it("starts the mocks only once their specs are bundled, and all four while the portal and demo build", async () => {
    /** @type {string[]} */
    const lines = [];
    /** @type {() => void} */
    let finishPrepare = () => {};
    /** @type {() => void} */
    let finishBuild = () => {};
    /** @type {() => void} */
    let prepareCalled = () => {};
    /** @type {() => void} */
    let allMocks = () => {};
    const preparing = new Promise((resolve) => (prepareCalled = () => resolve(undefined)));
    const mocksUp = new Promise((resolve) => (allMocks = () => resolve(undefined)));
    let buildStarted = false;
    const starting = startSandbox({
      port: 0,
      delayMs: 2,
      prepare: () => {
        prepareCalled();
        return new Promise((resolve) => (finishPrepare = () => resolve(undefined)));
      },
      build: () => {
        buildStarted = true;
        return new Promise((resolve) => (finishBuild = () => resolve(undefined)));
      },
      log: (line) => {
        lines.push(line.split(/\s{2,}/)[0] ?? line);
        if (["headless", "agent-api", "web-chat", "conversation"].every((n) => lines.includes(`${n} mock`))) allMocks();
      },
    });
    await preparing;
    // Nothing the mocks read exists yet: no mock and no build has started.
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toEqual([]);
    expect(buildStarted).toBe(false);
    finishPrepare();
    await mocksUp;
    expect(buildStarted).toBe(true);
    expect(lines).not.toContain("portal and demo built");
    finishBuild();
    const sandbox = await starting;
    cleanups.push(() => sandbox.stop());
    expect(lines[0]).toBe("mock specs bundled");
    expect(lines.at(-1)).toBe("portal and demo built");
    expect(sandbox.mocks.map((m) => m.name)).toEqual(["headless", "agent-api", "web-chat", "conversation"]);
  });

  it("starts nothing and rejects with the error when bundling the mocks' specs fails", async () => {
    let built = false;
    const error = await startSandbox({ port: 0, prepare: async () => Promise.reject(new Error("turbo run build --filter=@parley/mock failed")), build: async () => void (built = true) }).catch((e) => e);
    expect(error.message).toBe("turbo run build --filter=@parley/mock failed");
    expect(built).toBe(false);
  });

  it("stops what it started and rejects with the build's error when the build fails", async () => {
    const error = await startSandbox({ port: 0, build: async () => Promise.reject(new Error("turbo run build failed")) }).catch((e) => e);
    expect(error.message).toBe("turbo run build failed");
  });

  it("answers 503 with a note until the build is done, then serves the portal", async () => {
    const state = { urls: {}, built: false };
    const site = await startSite(0, state);
    cleanups.push(() => new Promise((resolve) => site.close(resolve)));
    const url = `http://127.0.0.1:${/** @type {net.AddressInfo} */ (site.address()).port}/`;
    const early = await get(url);
    expect(early.status).toBe(503);
    expect(early.text).toContain("still building");
    state.built = true;
    expect((await get(url)).status).toBe(200);
  });
});
