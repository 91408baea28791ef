// What a newcomer meets first: a bare mock URL answers what it is, and a taken port is named with
// the option that moves it.
import http from "node:http";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startMock } from "../src/index.mjs";
import { listen } from "../src/net.mjs";

const running = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});

async function get(url, accept = "application/json") {
  const response = await fetch(url, { headers: { accept } });
  return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
}

describe("GET / on a mock", () => {
  it.each(["web-chat", "conversation", "headless"])("the %s mock answers its base URL, spec and docs link", async (api) => {
    const mock = await startMock(api, { docsUrl: `http://127.0.0.1:4000/${api}.html` });
    running.push(mock);
    const answer = await get(`${new URL(mock.url).origin}/`);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ api, baseUrl: mock.url, docs: `http://127.0.0.1:4000/${api}.html`, spec: expect.stringMatching(/^openapi\/.+\.yaml$/) });
    const page = await get(`${new URL(mock.url).origin}/`, "text/html");
    expect(page.type).toMatch(/^text\/html/);
    expect(page.text).toContain(`href="http://127.0.0.1:4000/${api}.html"`);
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
    await listen(server, 0, "127.0.0.1", { api: "x", spec: "openapi/x.yaml" });
    running.push({ stop: () => new Promise((resolve) => server.close(resolve)) });
    const base = `http://127.0.0.1:${server.address().port}`;
    expect((await get(`${base}/other`)).text).toBe("own GET /other");
    expect((await fetch(`${base}/`, { method: "POST" }).then((r) => r.text()))).toBe("own POST /");
  });
});

describe("a taken port", () => {
  async function occupy() {
    const server = net.createServer();
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    running.push({ stop: () => new Promise((resolve) => server.close(resolve)) });
    return server.address().port;
  }

  it("is named when a single mock wants it", async () => {
    const port = await occupy();
    const error = await startMock("web-chat", { port }).catch((e) => e);
    expect(error.message).toMatch(new RegExp(`^Port ${port} on 127\\.0\\.0\\.1 is already in use.*--port`));
  });
});
