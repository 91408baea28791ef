// What a newcomer meets first: a bare mock URL answers what it is, and a taken port is named with
// the option that moves it.
import { readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startMock } from "../src/index.mjs";
import { listen } from "../src/net.mjs";

const running = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

async function get(url, accept = "application/json") {
  const response = await fetch(url, { headers: { accept } });
  return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
}

describe("GET / on a mock", () => {
  it.each(["web-chat", "conversation", "headless"])("the %s mock answers its base URL, spec and docs link", async (api) => {
    const mock = await startMock(api, { docsUrl: `http://127.0.0.1:4000/${api}.html` });
    running.push(mock);
    // The conversation mock's url is its ws:// base; the hint is plain HTTP on the same host.
    const root = `http://${new URL(mock.url).host}/`;
    expect(mock.url).toMatch(api === "conversation" ? /^ws:\/\// : /^http:\/\//);
    const answer = await get(root);
    expect(answer.status).toBe(200);
    const hint = JSON.parse(answer.text);
    expect(hint).toMatchObject({ api, baseUrl: mock.url, docs: `http://127.0.0.1:4000/${api}.html`, spec: expect.stringMatching(/^@parley\/mock\/dist\/specs\/.+\.yaml$/) });
    // The spec itself, fetched from the URL the hint gives: the bundled file, byte for byte.
    expect(hint.specUrl).toBe(`${root}${hint.spec.split("/").pop()}`);
    const spec = await get(hint.specUrl);
    expect(spec.status).toBe(200);
    expect(spec.type).toMatch(/^application\/yaml/);
    expect(spec.text).toBe(readFileSync(new URL(`../dist/specs/${hint.spec.split("/").pop()}`, import.meta.url), "utf8"));
    const page = await get(root, "text/html");
    expect(page.type).toMatch(/^text\/html/);
    expect(page.text).toContain(`href="http://127.0.0.1:4000/${api}.html"`);
    expect(page.text).toContain(`href="${hint.specUrl}"`);
  });

  it("the headless mock answers the hint on its bare base path too, and serves the API below it", async () => {
    const mock = await startMock("headless");
    running.push(mock);
    expect(JSON.parse((await get(mock.url)).text)).toMatchObject({ api: "headless", baseUrl: mock.url, docs: null });
    const company = await fetch(`${mock.url}/company`, { headers: { authorization: "Bearer demo" } });
    expect(company.status).toBe(200);
  });

  it("passes every other request to the server's own handlers", async () => {
    const server = http.createServer((req, res) => res.end(`own ${req.method} ${req.url}`));
    await listen(server, 0, "127.0.0.1", { api: "x", spec: "openapi/x.yaml", specFile: "openapi/x.yaml" });
    running.push({ close: () => new Promise((resolve) => server.close(resolve)) });
    const base = `http://127.0.0.1:${/** @type {import("node:net").AddressInfo} */ (server.address()).port}`;
    expect((await get(`${base}/other`)).text).toBe("own GET /other");
    expect((await fetch(`${base}/`, { method: "POST" }).then((r) => r.text()))).toBe("own POST /");
  });
});

describe("a taken port", () => {
  async function occupy() {
    const server = net.createServer();
    await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
    running.push({ close: () => new Promise((resolve) => server.close(resolve)) });
    return /** @type {import("node:net").AddressInfo} */ (server.address()).port;
  }

  it("is named when a single mock wants it", async () => {
    const port = await occupy();
    const error = await startMock("web-chat", { port }).catch((e) => e);
    expect(error.message).toMatch(new RegExp(`^Port ${port} on 127\\.0\\.0\\.1 is already in use.*--port`));
  });
});
