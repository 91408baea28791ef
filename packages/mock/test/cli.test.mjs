// `parley-mock <api>` as a user runs it: its own pid printed, SIGTERM stops it and Prism (checked
// by PID), a child that dies takes it down with a reason, bad options and taken ports are named.
import { spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import net from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../bin/parley-mock.mjs", import.meta.url));
const started = [];
const occupied = [];

afterEach(async () => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await Promise.all(occupied.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** Runs the CLI; `ready` resolves with its first stdout line, `exit` with `{ code, stderr }`. */
function run(...args) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  started.push(child);
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (c) => (stderr += c));
  const ready = new Promise((resolve) =>
    child.stdout.on("data", (c) => {
      stdout += c;
      if (stdout.includes("\n")) resolve(stdout.split("\n")[0]);
    }),
  );
  const exit = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal, stderr })));
  return { child, ready, exit };
}

/** The pids whose parent is `pid` (Linux /proc). */
function childrenOf(pid) {
  const out = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function occupy() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  occupied.push(server);
  return /** @type {import("node:net").AddressInfo} */ (server.address()).port;
}

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("parley-mock", () => {
  it("prints its own pid; SIGTERM stops it and Prism, leaving no process behind", async () => {
    const port = await freePort();
    const { child, ready, exit } = run("headless", "--port", String(port));
    expect(await ready).toBe(`headless mock ready at http://127.0.0.1:${port}/api/v2 (pid ${child.pid})`);
    const children = childrenOf(child.pid);
    expect(children.length).toBeGreaterThan(0);
    expect((await fetch(`http://127.0.0.1:${port}/api/v2/company`, { headers: { authorization: "Bearer x" } })).status).toBe(200);
    child.kill("SIGTERM");
    expect(await exit).toMatchObject({ code: 0 });
    await expect.poll(() => children.filter(alive), { timeout: 10_000 }).toEqual([]);
  });

  it("stops, Prism included, when its parent process ends without passing a signal on (npx)", async () => {
    const launcher = `require("node:child_process").spawn(process.execPath, [${JSON.stringify(BIN)}, "headless"], { stdio: "inherit" });`;
    const parent = spawn(process.execPath, ["-e", launcher], { stdio: ["ignore", "pipe", "pipe"] });
    started.push(parent);
    await new Promise((resolve) => parent.stdout.once("data", resolve));
    const [cli] = childrenOf(parent.pid);
    const tree = [cli, ...childrenOf(cli)];
    expect(tree.length).toBeGreaterThan(1);
    parent.kill("SIGKILL");
    await expect.poll(() => tree.filter(alive), { timeout: 15_000 }).toEqual([]);
  });

  it("exits 1 and says why when Prism dies", async () => {
    const { child, ready, exit } = run("agent-api");
    await ready;
    const [prism] = childrenOf(child.pid);
    process.kill(prism, "SIGKILL");
    const { code, stderr } = await exit;
    expect(code).toBe(1);
    expect(stderr).toContain(`agent-api mock stopped: Prism (pid ${prism}) was stopped by SIGKILL.`);
  });

  it("names a taken port and the --port option", async () => {
    const port = await occupy();
    const { code, stderr } = await run("web-chat", "--port", String(port)).exit;
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use.*--port`));
  });

  it.each([
    [["headless", "--port"], /--port needs a value/],
    [["headless", "--port", "--host", "127.0.0.1"], /--port needs a value/],
    [["headless", "--port", "99999"], /--port takes a port number from 1 to 65535, got 99999/],
    [["headless", "--host", "10.0.0.1"], /--host must be a loopback address/],
    [["nope"], /Unknown API "nope" \(known: headless, agent-api, web-chat, conversation\)/],
    [[], /usage: parley-mock <api>/],
  ])("refuses %j with exit code 2", async (args, message) => {
    const { code, stderr } = await run(...args).exit;
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});
