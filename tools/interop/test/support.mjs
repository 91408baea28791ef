// What the interop tests share: waiting on events with a deadline, a throwaway TLS certificate for
// 127.0.0.1 (made with openssl in a temp dir, never committed), a TLS front and an HTTPS stub, all
// on 127.0.0.1 free ports and closed by the tests that start them.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import https from "node:https";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";

/**
 * Stops a child process by PID: SIGTERM, then SIGKILL after 3 s.
 * @param {import("node:child_process").ChildProcess} child
 * @returns {Promise<void>}
 */
export function stopChild(child) {
  return new Promise((resolve) => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    process.kill(child.pid, "SIGTERM");
  });
}

/**
 * Listens on 127.0.0.1, port 0: the OS picks a free port.
 * @template {net.Server} S
 * @param {S} server
 * @returns {Promise<S>}
 */
export function listen(server) {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

/**
 * Something with listeners: a Node EventEmitter, a vendor client, a Parley SDK client.
 * @typedef {{ once(event: string, listener: (...args: any[]) => void): unknown, off?(event: string, listener: (...args: any[]) => void): unknown, removeListener?(event: string, listener: (...args: any[]) => void): unknown }} Emitter
 */

/**
 * Resolves the first `event` of `emitter` (its arguments), rejects after `ms`: every wait has a deadline.
 * @param {Emitter} emitter
 * @param {string} event
 * @returns {Promise<any[]>} the listener's arguments, as the emitter passed them
 */
export function once(emitter, event, ms = 10_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off?.(event, listener);
      emitter.removeListener?.(event, listener);
      reject(new Error(`No "${event}" within ${ms} ms.`));
    }, ms);
    const listener = (/** @type {any[]} */ ...args) => {
      clearTimeout(timer);
      resolve(args);
    };
    emitter.once(event, listener);
  });
}

/**
 * A promise with a deadline.
 * @template T
 * @param {Promise<T>} promise
 * @param {number} ms
 * @param {string} what
 * @returns {Promise<T>}
 */
export function within(promise, ms, what) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  return Promise.race([
    promise,
    /** @type {Promise<never>} */ (new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms.`)), ms);
    })),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Resolves once `predicate()` holds, checked every 5 ms; rejects after `ms` and stops checking.
 * @param {() => unknown} predicate
 * @param {number} ms
 * @param {string | (() => string)} what
 * @returns {Promise<void>}
 */
export function waitFor(predicate, ms, what) {
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => {
      clearTimeout(poll);
      reject(new Error(`${typeof what === "function" ? what() : what} did not happen within ${ms} ms.`));
    }, ms);
    /** @type {NodeJS.Timeout | undefined} */
    let poll;
    const check = () => {
      if (!predicate()) return void (poll = setTimeout(check, 5));
      clearTimeout(deadline);
      resolve();
    };
    check();
  });
}

/** A self-signed certificate for IP 127.0.0.1, valid one day, in a fresh temp dir; `remove()` deletes it. */
export function throwawayCertificate() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "parley-interop-tls-"));
  const keyFile = path.join(dir, "key.pem");
  const certFile = path.join(dir, "cert.pem");
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyFile, "-out", certFile, "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
    { stdio: "ignore", timeout: 30_000 },
  );
  return { key: readFileSync(keyFile), cert: readFileSync(certFile), certFile, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A TLS front on 127.0.0.1: terminates TLS and pipes the bytes to `port` (the plain mock).
 * @param {{ key: Buffer, cert: Buffer }} certificate
 * @param {number} port
 * @returns {Promise<{ port: number, close: () => Promise<void> }>}
 */
export async function tlsFront({ key, cert }, port) {
  /** @type {Set<net.Socket>} */
  const sockets = new Set();
  const server = tls.createServer({ key, cert }, (secure) => {
    const plain = net.connect(port, "127.0.0.1");
    for (const s of [secure, plain]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => {
        secure.destroy();
        plain.destroy();
      });
    }
    secure.pipe(plain).pipe(secure);
  });
  await listen(server);
  return {
    port: /** @type {net.AddressInfo} listening on TCP */ (server.address()).port,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * An HTTPS stub on 127.0.0.1 answering `routes[pathname]` (a JSON value) and 404 otherwise; records every request.
 * @param {{ key: Buffer, cert: Buffer }} certificate
 * @param {Record<string, unknown>} routes
 */
export async function httpsStub({ key, cert }, routes) {
  /** @type {{ method: string | undefined, path: string, query: Record<string, string> }[]} */
  const requests = [];
  const server = https.createServer({ key, cert }, (req, res) => {
    const url = new URL(req.url ?? "/", "https://127.0.0.1");
    requests.push({ method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams) });
    const body = routes[url.pathname];
    res.writeHead(body === undefined ? 404 : 200, { "content-type": "application/json" });
    res.end(JSON.stringify(body ?? { error: "not found" }));
  });
  server.keepAliveTimeout = 1000;
  await listen(server);
  return {
    port: /** @type {net.AddressInfo} listening on TCP */ (server.address()).port,
    requests,
    close: () =>
      /** @type {Promise<void>} */ (new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
