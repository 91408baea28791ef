// The docs portal and the demo page in headless Chromium, against the sandbox `npm start` runs
// (started here on free 127.0.0.1 ports). Without a Chromium the suite is skipped, unless
// PARLEY_REQUIRE_BROWSER=1 (CI sets it), which makes a missing browser a failure.
// Screenshots go to .parley/screenshots/ (git-ignored) for people to look at. Every page is checked
// offline: no request from it may leave 127.0.0.1.
import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startSandbox, type Sandbox } from "@parley/sandbox";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const shots = path.join(root, ".parley/screenshots");
const executablePath = process.env["PARLEY_CHROMIUM"] ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
const required = process.env["PARLEY_REQUIRE_BROWSER"] === "1";
const apiNames = Object.keys(parse(readFileSync(path.join(root, "redocly.yaml"), "utf8")).apis as Record<string, unknown>);

interface ApiEntry {
  name: string;
  kind: "OpenAPI" | "AsyncAPI";
  operations: string[];
  reference: string;
}

if (!executablePath && required) throw new Error("PARLEY_REQUIRE_BROWSER=1 but no Chromium was found (set PARLEY_CHROMIUM).");
if (!executablePath) console.warn("browser tests skipped: no Chromium found (apt-get install chromium, or set PARLEY_CHROMIUM)");

describe.skipIf(!executablePath)("in Chromium", () => {
  let sandbox: Sandbox;
  let browser: Browser;
  let manifest: ApiEntry[];

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    sandbox = await startSandbox({ port: 0, delayMs: 2 });
    // Flags for root on a closed network (toolchain notes): no sandbox, no background traffic.
    browser = await chromium.launch({
      executablePath,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    manifest = (await (await fetch(`${sandbox.url}/manifest.json`)).json()) as ApiEntry[];
  });

  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
  });

  /** Every request a page makes to a host other than 127.0.0.1, by page (the portal must work offline). */
  const offMachine = new Map<Page, string[]>();

  async function open(url: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    const away: string[] = [];
    offMachine.set(page, away);
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("request", (request) => {
      const { protocol, hostname } = new URL(request.url());
      if (/^(https?|wss?):$/.test(protocol) && hostname !== "127.0.0.1") away.push(request.url());
    });
    await page.goto(url);
    expect(errors).toEqual([]);
    return page;
  }

  /** Waits until the page is quiet (images included), then: no request left the machine, the favicon is served. */
  async function expectOffline(page: Page): Promise<void> {
    await page.waitForLoadState("networkidle");
    await page.waitForFunction(() => [...document.images].every((img) => img.complete));
    expect(offMachine.get(page)).toEqual([]);
    const icon = await page.$eval("link[rel=icon]", (link) => (link as HTMLLinkElement).href);
    expect(new URL(icon).hostname).toBe("127.0.0.1");
    expect((await fetch(icon)).status).toBe(200);
  }

  /** The sidebar's section links as the page has them once loaded (the overview's is `#/`). */
  function sidebarLinks(page: Page): Promise<string[]> {
    return page.$$eval("a:has([data-testid='menu-item-label'])", (links) => links.map((a) => a.getAttribute("href")!));
  }

  it("the portal has a card, and a reference page, for every spec in openapi/", async () => {
    const registered = Object.values(parse(readFileSync(path.join(root, "redocly.yaml"), "utf8")).apis as Record<string, { root: string }>).map((a) => a.root);
    const specs = readdirSync(path.join(root, "openapi")).map((f) => `openapi/${f}`);
    expect(registered.sort()).toEqual(specs.sort());

    const page = await open(`${sandbox.url}/`);
    const cards = await page.$$eval("article.card", (els) => els.map((e) => e.getAttribute("data-api")));
    expect(cards.sort()).toEqual(manifest.map((a) => a.name).sort());
    for (const api of manifest) {
      const card = page.locator(`article[data-api="${api.name}"]`);
      expect(await card.locator("a.reference").getAttribute("href")).toBe(api.reference);
      // The landing shows an operation of each API, one its reference renders.
      expect(api.operations).toContain(await card.locator(".operation strong").textContent());
    }
    // Each card's example is its own file from examples/: the upload card shows an upload.
    const usage = async (name: string) => (await page.locator(`article[data-api="${name}"] pre.usage`).textContent()) ?? "";
    const examples = await Promise.all(manifest.map((api) => usage(api.name)));
    expect(new Set(examples).size).toBe(manifest.length);
    expect(await usage("web-chat-upload")).toContain("chatUploadFile(");
    expect(await usage("web-chat-upload")).toBe(readFileSync(path.join(root, "examples/web-chat-upload.ts"), "utf8").trimEnd());
    await expectOffline(page);
    await page.screenshot({ path: path.join(shots, "portal.png"), fullPage: true });
    await page.close();
  });

  // One test per page, each on its own time budget (Redoc's pages are 2.5 MB each).
  it.each(apiNames)("the %s reference page renders every operation of its spec", async (name) => {
    const api = manifest.find((entry) => entry.name === name)!;
    const page = await open(`${sandbox.url}/${api.reference}`);
    // Redoc lists a tag's operations once the tag is opened: open every tag of the sidebar.
    // Redoc links each operation under its section, with the operationId in lower case:
    // #/<tag>/<id> (OpenAPI) or #/channels/<channel>/operations/<id> (AsyncAPI). Open every section.
    const sections = (await sidebarLinks(page)).filter((h) => h !== "#/");
    expect(sections.length, api.name).toBeGreaterThan(0);
    const rendered = new Set<string>();
    for (const href of sections) {
      await page.locator(`a[href='${href}']`).first().click();
      await page.waitForSelector(`a[href^='${href}/']`);
      const ids = await page.$$eval(
        `a[href^='${href}/']`,
        (links, prefix) =>
          links
            .map((a) => a.getAttribute("href")!)
            .filter((h) => new RegExp(`^${prefix}/(operations/)?[^/#]+$`).test(h))
            .map((h) => h.split("/").pop()!),
        href,
      );
      for (const id of ids) rendered.add(id);
    }
    expect(rendered, api.name).toEqual(new Set(api.operations.map((op) => op.toLowerCase())));
    await page.screenshot({ path: path.join(shots, `${api.name}.png`) });
    await page.close();
  });

  // A sidebar link opened in a new tab or pasted from a copy must show its section, from any static
  // host: Redoc routes by the hash, so each link's href, resolved against the page's URL as a
  // browser does, lands on this page with the route in the hash.
  it.each(apiNames)("every link of the %s reference page works when opened directly", async (name) => {
    const reference = `${sandbox.url}/${name}.html`;
    const page = await open(reference);
    const links = await sidebarLinks(page);
    expect(links.length, name).toBeGreaterThan(1);
    for (const href of links) {
      const label = (await page.locator(`a[href='${href}'] [data-testid='menu-item-label']`).first().textContent())?.trim();
      const url = new URL(href, reference);
      expect(`${url.origin}${url.pathname}`, href).toBe(reference);
      const direct = await open(url.href);
      // The section is the one the sidebar marks active, and its heading is at the top of the view.
      // Deadlines for a 2.5 MB page on a busy machine; a miss names the link.
      const within = { timeout: 90_000 };
      await direct
        .waitForFunction((target) => document.querySelector(`a[href='${target}'] [data-testid='menu-item-label'][data-active='true']`) !== null, href, within)
        .catch((error: Error) => Promise.reject(new Error(`${href}: not the active section (${error.message})`)));
      // (The label may carry a badge, "Visitor socketchannel"; the overview's heading a version.)
      const top = (text: string) => [...document.querySelectorAll("h1, h2")].some((h) => { const heading = h.textContent?.trim() ?? ""; return heading !== "" && (text.startsWith(heading) || heading.startsWith(text)) && Math.abs(h.getBoundingClientRect().top) < 200; });
      await direct.waitForFunction(top, label ?? "", within).catch((error: Error) => Promise.reject(new Error(`${href}: "${label}" is not at the top (${error.message})`)));
      await direct.close();
    }
    // Every other link: in-page (#...), the way back to the index (same host, served), or off the
    // machine on purpose: Redoc's credit (tools/docs/build.mjs says why it stays) and the spec's own
    // links (a license, the vendor's documentation). A link is not a request; offline it opens nothing.
    const others = await page.$$eval("a[href]", (anchors, known) => anchors.map((a) => a.getAttribute("href")!).filter((h) => !known.includes(h) && !h.startsWith("#")), links);
    const specText = readFileSync(path.join(root, (parse(readFileSync(path.join(root, "redocly.yaml"), "utf8")).apis as Record<string, { root: string }>)[name]!.root), "utf8");
    expect(others).toContain("./");
    expect((await fetch(new URL("./", reference))).status).toBe(200);
    expect(others.filter((h) => h !== "./" && h !== "https://redocly.com/redoc/" && !specText.includes(h))).toEqual([]);
    await page.close();
  });

  // One test per page: each loads Redoc's 2.5 MB page on its own budget.
  it.each(apiNames)("the %s reference page loads nothing from off the machine and links back to the index", async (name) => {
    const page = await open(`${sandbox.url}/${name}.html`);
    // Redoc's attribution logo is drawn after hydration: wait for it, then count what left the machine.
    await page.waitForSelector("img[alt='redocly logo']");
    await expectOffline(page);
    expect(await page.$eval("img[alt='redocly logo']", (img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await page.click("a#parley-index");
    await page.waitForSelector("article.card");
    expect(new URL(page.url()).pathname).toBe("/");
    await page.close();
  });

  it("the demo page completes a chat, a streamed answer, a visitor chat and an agent conversation", async () => {
    const page = await open(`${sandbox.url}/demo/`);
    await page.waitForSelector("body[data-ready=true]");

    await page.click("#load-menus");
    await page.waitForSelector("#menus li");
    expect(await page.textContent("#menus-status")).toMatch(/^\d+ menus$/);
    await page.click("#start-chat");
    await page.waitForFunction(() => /^chat \d+: /.test(document.querySelector("#chat-status")!.textContent ?? ""));
    await page.fill("#message", "hello from the browser");
    await page.click("#send");
    await page.waitForFunction(() => document.querySelector("#send-status")!.textContent === "sent: hello from the browser");
    // The sent message shows up in the chat.
    expect(await page.$$eval('#messages li[data-sent="true"]', (items) => items.map((li) => li.textContent))).toEqual(["end_user: hello from the browser"]);
    // The agent's reply arrives through the SDK's realtime (polling) transport.
    await page.waitForSelector('#messages li[data-user-type="agent"]');

    await page.click("#ask");
    await page.waitForFunction(() => document.querySelector("#answer-status")!.textContent!.startsWith("done"), null, { timeout: 15_000 });
    const spec = parse(readFileSync(path.join(root, "openapi/agent-api.yaml"), "utf8"));
    const example = spec.paths["/conversation/stream/{idConversation}"].post.responses["200"].content["text/plain"].example as string;
    expect(await page.textContent("#answer")).toBe(example);
    expect(Number(/\((\d+) chunks\)/.exec((await page.textContent("#answer-status")) ?? "")?.[1])).toBeGreaterThan(1);
    // The realtime web chat: connect, send, and the agent's reply pushed through the socket.
    await page.click("#wc-connect");
    await page.waitForFunction(() => document.querySelector("#wc-status")!.textContent!.startsWith("connected"));
    await page.fill("#wc-text", "Olá, alguém aí?");
    await page.click("#wc-send");
    await page.waitForSelector('#wc-messages li[data-sub-type="agent"]');
    const chat = await page.$$eval("#wc-messages li", (items) => items.map((li) => [li.getAttribute("data-sub-type"), li.textContent]));
    expect(chat).toEqual([
      ["contact", "contact: Olá, alguém aí?"],
      ["agent", "agent: Re: Olá, alguém aí?"],
    ]);

    // The agent-side conversation: connect, an open conversation listed, a message that comes back
    // from the server as a messaging event.
    await page.click("#cv-connect");
    await page.waitForFunction(() => document.querySelector("#cv-status")!.textContent!.startsWith("connected"));
    await page.waitForSelector("#cv-list li");
    await page.waitForFunction(() => !(document.querySelector("#cv-send") as HTMLButtonElement).disabled);
    await page.fill("#cv-text", "Hello! How can I help?");
    await page.click("#cv-send");
    await page.waitForSelector("#cv-messages li");
    expect(await page.$$eval("#cv-messages li", (items) => items.map((li) => li.textContent!.split(": ").slice(1).join(": ")))).toEqual(["Hello! How can I help?"]);

    expect(await page.$$eval(".error", (els) => els.map((e) => e.textContent))).toEqual([]);
    expect(await page.getAttribute("a#parley-index", "href")).toBe("/");
    await expectOffline(page);
    await page.screenshot({ path: path.join(shots, "demo.png"), fullPage: true });
    await page.close();
  });
});
