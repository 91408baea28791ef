// The sandbox names a taken port, with the option that moves it, before it starts anything.
import net from "node:net";
import { afterEach, expect, it } from "vitest";
import { startSandbox } from "../src/sandbox.mjs";

const running = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((close) => close()));
});

it("is named, with the --port option, before the sandbox starts anything", async () => {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  running.push(() => new Promise((resolve) => server.close(resolve)));
  const { port } = server.address();
  const error = await startSandbox({ port }).catch((e) => e);
  expect(error.message).toMatch(new RegExp(`^Port ${port} on 127\\.0\\.0\\.1 is already in use`));
  expect(error.message).toContain("npm start -- --port");
});
