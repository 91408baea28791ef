// conversations.list against a scripted local server: the first request sends currentPage=0 and no
// cursor, each next one sends back the previous response's currentPage and cursor, filters are
// repeated, pages are fetched lazily, and a server that does not move forward never loops.
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  AbortError,
  AgentApi,
  BadRequestError,
  InvalidResponseError,
  PagePromise,
  StateError,
  type AgentApiOptions,
  type ConversationPage,
  type ConversationSummary,
} from "../src/index.js";
import { serverPerTest } from "@parley/test-support";
import { conversation, page, problem, queryOf } from "./support/server.js";

const LIST = "/conversation";
const API_KEY = "sk-test-pagination-0123456789";
const C = [1, 2, 3, 4, 5].map(conversation);

/** The three pages of 5 conversations with limit 2. */
const PAGES = [
  page([C[0]!, C[1]!], { currentPage: 1, totalPages: 3, cursor: "c1" }),
  page([C[2]!, C[3]!], { currentPage: 2, totalPages: 3, cursor: "c2" }),
  page([C[4]!], { currentPage: 3, totalPages: 3, cursor: null }),
];

const { server } = serverPerTest({ beforeEach, afterEach });

function makeApi(extra: Partial<AgentApiOptions> = {}) {
  const fetch = vi.fn((input: Request | string | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const api = new AgentApi({ apiKey: API_KEY, baseUrl: server().url, fetch, maxRetries: 0, ...extra });
  return { api, fetch };
}

function scriptThreePages(): void {
  server().on("GET", LIST, ...PAGES.map((json) => ({ status: 200, json })));
}

const ids = (items: readonly ConversationSummary[]) => items.map((c) => c.id);

describe("walking every page", () => {
  it("for await yields all 5 conversations in order, over exactly three requests", async () => {
    scriptThreePages();
    const { api } = makeApi();
    const seen: string[] = [];
    for await (const c of api.conversations.list({ limit: 2 })) seen.push(c.id);
    expect(seen).toEqual(["conv-1", "conv-2", "conv-3", "conv-4", "conv-5"]);
    expect(server().requestsTo("GET", LIST)).toHaveLength(3);
  });

  it("the first request sends currentPage=0 and no cursor; the next ones send back currentPage and cursor", async () => {
    scriptThreePages();
    const { api } = makeApi();
    for await (const _ of api.conversations.list({ limit: 2 })) void _;
    const [first, second, third] = server().requestsTo("GET", LIST);
    expect(queryOf(first)).toEqual({ limit: "2", currentPage: "0" });
    expect(first?.query.has("cursor")).toBe(false);
    expect(queryOf(second)).toEqual({ limit: "2", currentPage: "1", cursor: "c1" });
    expect(queryOf(third)).toEqual({ limit: "2", currentPage: "2", cursor: "c2" });
  });

  it("repeats every filter on every request", async () => {
    scriptThreePages();
    const { api } = makeApi();
    const filters = { limit: 2, dateInit: "2025-03-01", dateEnd: "2025-03-31", search: "fatura & co", meta: "cliente-4471" };
    const seen: string[] = [];
    for await (const c of api.conversations.list(filters)) seen.push(c.id);
    expect(seen).toHaveLength(5);
    const requests = server().requestsTo("GET", LIST);
    expect(requests).toHaveLength(3);
    requests.forEach((request, i) => {
      expect(queryOf(request)).toEqual({
        limit: "2",
        dateInit: "2025-03-01",
        dateEnd: "2025-03-31",
        search: "fatura & co",
        meta: "cliente-4471",
        currentPage: String(i),
        ...(i > 0 ? { cursor: `c${i}` } : {}),
      });
    });
  });

  it("getNextPage walks page by page; the last page has no next page and getNextPage rejects StateError", async () => {
    scriptThreePages();
    const { api } = makeApi();
    const first = await api.conversations.list({ limit: 2 });
    expect(ids(first.items)).toEqual(["conv-1", "conv-2"]);
    expect(first.hasNextPage()).toBe(true);
    const second = await first.getNextPage();
    expect(ids(second.items)).toEqual(["conv-3", "conv-4"]);
    expect(second.hasNextPage()).toBe(true);
    // getNextPage() is typed as Page<T> (Page's own signature), though it resolves a ConversationPage:
    // reading the next page's pagination fields needs this cast (reported as a typing bug).
    const third = (await second.getNextPage()) as ConversationPage;
    expect(ids(third.items)).toEqual(["conv-5"]);
    expect(third.currentPage).toBe(3);
    expect(third.hasNextPage()).toBe(false);
    await expect(third.getNextPage()).rejects.toBeInstanceOf(StateError);
    expect(server().requestsTo("GET", LIST)).toHaveLength(3);
  });

  it("starting from a later page sends that currentPage and its cursor on the first request", async () => {
    server().on("GET", LIST, { status: 200, json: PAGES[2] });
    const { api } = makeApi();
    const last = await api.conversations.list({ limit: 2, currentPage: 2, cursor: "c2" });
    expect(ids(last.items)).toEqual(["conv-5"]);
    expect(queryOf(server().requests[0])).toEqual({ limit: "2", currentPage: "2", cursor: "c2" });
  });
});

describe("laziness", () => {
  it("constructing the PagePromise sends nothing; awaiting it sends exactly one request", async () => {
    scriptThreePages();
    const { api, fetch } = makeApi();
    const pending = api.conversations.list({ limit: 2 });
    expect(pending).toBeInstanceOf(PagePromise);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fetch).not.toHaveBeenCalled();
    expect(server().requests).toHaveLength(0);

    const first = await pending;
    expect(ids(first.items)).toEqual(["conv-1", "conv-2"]);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(server().requestsTo("GET", LIST)).toHaveLength(1);
    // Awaiting again reuses the first page.
    await pending;
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("breaking out of for await after the first item sends no further request", async () => {
    scriptThreePages();
    const { api } = makeApi();
    const seen: string[] = [];
    for await (const c of api.conversations.list({ limit: 2 })) {
      seen.push(c.id);
      break;
    }
    expect(seen).toEqual(["conv-1"]);
    expect(server().requestsTo("GET", LIST)).toHaveLength(1);
  });

  it("the next page is requested only when the loop needs it", async () => {
    scriptThreePages();
    const { api } = makeApi();
    const seen: string[] = [];
    for await (const c of api.conversations.list({ limit: 2 })) {
      seen.push(c.id);
      if (seen.length === 2) {
        expect(server().requestsTo("GET", LIST)).toHaveLength(1);
      }
      if (seen.length === 3) break;
    }
    expect(server().requestsTo("GET", LIST)).toHaveLength(2);
  });
});

describe("reuse and cancellation", () => {
  it("iterating a PagePromise that was already awaited reuses its first page", async () => {
    scriptThreePages();
    const { api } = makeApi();
    const pending = api.conversations.list({ limit: 2 });
    await pending;
    const seen: string[] = [];
    for await (const c of pending) seen.push(c.id);
    expect(seen).toEqual(["conv-1", "conv-2", "conv-3", "conv-4", "conv-5"]);
    expect(server().requestsTo("GET", LIST).map((r) => r.query.get("currentPage"))).toEqual(["0", "1", "2"]);
  });

  it("the list's signal also cancels the next pages: aborting mid-walk rejects AbortError and sends nothing more", async () => {
    scriptThreePages();
    const { api } = makeApi();
    const controller = new AbortController();
    const seen: string[] = [];
    let error: unknown;
    try {
      for await (const c of api.conversations.list({ limit: 2 }, { signal: controller.signal })) {
        seen.push(c.id);
        if (seen.length === 2) controller.abort();
      }
    } catch (e) {
      error = e;
    }
    expect(seen).toEqual(["conv-1", "conv-2"]);
    expect(error).toBeInstanceOf(AbortError);
    expect(server().requestsTo("GET", LIST)).toHaveLength(1);
  });
});

describe("servers that do not move forward", () => {
  it("a server that repeats the same page stops the walk with InvalidResponseError, never yielding the page twice", async () => {
    server().on("GET", LIST, { status: 200, json: page([C[0]!, C[1]!], { currentPage: 1, totalPages: 3, cursor: "c1" }) });
    const { api } = makeApi();
    const seen: string[] = [];
    const error = await (async () => {
      for await (const c of api.conversations.list({ limit: 2 })) seen.push(c.id);
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as InvalidResponseError).field).toBe("currentPage");
    expect(seen).toEqual(["conv-1", "conv-2"]);
    const requests = server().requestsTo("GET", LIST);
    expect(requests).toHaveLength(2);
    expect(queryOf(requests[1])).toEqual({ limit: "2", currentPage: "1", cursor: "c1" });
  });

  it("a server that sends back a cursor already used stops the walk with InvalidResponseError", async () => {
    server().on(
      "GET",
      LIST,
      { status: 200, json: page([C[0]!, C[1]!], { currentPage: 1, totalPages: 4, cursor: "c1" }) },
      { status: 200, json: page([C[2]!, C[3]!], { currentPage: 2, totalPages: 4, cursor: "c2" }) },
      { status: 200, json: page([C[0]!, C[1]!], { currentPage: 3, totalPages: 4, cursor: "c1" }) },
    );
    const { api } = makeApi();
    const seen: string[] = [];
    const error = await (async () => {
      for await (const c of api.conversations.list({ limit: 2 })) seen.push(c.id);
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as InvalidResponseError).field).toBe("cursor");
    expect(seen).toEqual(["conv-1", "conv-2", "conv-3", "conv-4"]);
    expect(server().requestsTo("GET", LIST)).toHaveLength(3);
  });

  it("property: whatever pages a server sends, a walk is bounded and never yields a page's cursor twice", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ currentPage: fc.integer({ min: 0, max: 6 }), cursor: fc.constantFrom("a", "b", "c", null), n: fc.integer({ min: 0, max: 2 }) }), { minLength: 1, maxLength: 8 }),
        async (script) => {
          server().on("GET", LIST, ...script.map((p) => ({ status: 200, json: page(C.slice(0, p.n), { currentPage: p.currentPage, totalPages: 6, cursor: p.cursor }) })));
          server().requests.length = 0;
          const { api } = makeApi();
          let items = 0;
          await (async () => {
            for await (const _ of api.conversations.list({ limit: 2 })) items++;
          })().catch((e: unknown) => expect(e).toBeInstanceOf(InvalidResponseError));
          const requests = server().requestsTo("GET", LIST);
          expect(requests.length).toBeLessThanOrEqual(7); // pages 0..6: currentPage must grow
          const cursors = requests.map((r) => r.query.get("cursor")).filter((c) => c !== null);
          expect(new Set(cursors).size).toBe(cursors.length);
          expect(items).toBeLessThanOrEqual(2 * requests.length);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("a page without a cursor has no next page", async () => {
    server().on("GET", LIST, { status: 200, json: page([C[0]!, C[1]!], { currentPage: 1, totalPages: 3 }) });
    const { api } = makeApi();
    const first = await api.conversations.list({ limit: 2 });
    expect(first.hasNextPage()).toBe(false);
    await expect(first.getNextPage()).rejects.toBeInstanceOf(StateError);
    expect(server().requests).toHaveLength(1);
  });

  it("an empty page has no next page", async () => {
    server().on("GET", LIST, { status: 200, json: page([], { currentPage: 1, totalPages: 3, cursor: "c1", total: 0 }) });
    const { api } = makeApi();
    const seen: string[] = [];
    for await (const c of api.conversations.list()) seen.push(c.id);
    expect(seen).toEqual([]);
    expect(server().requests).toHaveLength(1);
  });
});

describe("errors while walking", () => {
  it("an error on page 2 rejects the iteration with the typed error after yielding page 1's items", async () => {
    server().on("GET", LIST, { status: 200, json: PAGES[0] }, { status: 400, json: problem(400, "Bad Request", "The cursor has expired.", LIST) });
    const { api } = makeApi();
    const seen: string[] = [];
    let error: unknown;
    try {
      for await (const c of api.conversations.list({ limit: 2 })) seen.push(c.id);
    } catch (e) {
      error = e;
    }
    expect(seen).toEqual(["conv-1", "conv-2"]);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).problem?.detail).toBe("The cursor has expired.");
    expect(server().requestsTo("GET", LIST)).toHaveLength(2);
  });

  it("a 200 whose `conversations` is not an array rejects InvalidResponseError", async () => {
    server().on("GET", LIST, { status: 200, json: { total: 1, currentPage: 1, totalPages: 1, conversations: "none" } });
    const { api } = makeApi();
    await expect(api.conversations.list()).rejects.toBeInstanceOf(InvalidResponseError);
  });
});
