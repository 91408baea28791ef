import { AbortError, ConnectionError, TimeoutError, ValidationError } from "@parley/core";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startScriptedServer, type ScriptedServer } from "@parley/test-support";
import { createVisitorClient } from "../src/index.js";
import { DEFAULT_UPLOAD_TIMEOUT, postFile, uploadTimeoutOf } from "../src/upload.js";

const URL_WITH_TOKEN = "http://127.0.0.1:9/upload?token=upl_1";

/** A fetch that records what it was given and never answers until its signal aborts. */
function hangingFetch() {
  const calls: { url: string; fields: [string, FormDataEntryValue][]; signal: AbortSignal | undefined }[] = [];
  const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), fields: [...(init?.body as FormData).entries()], signal: init?.signal ?? undefined });
    return new Promise<Response>((_, reject) => init?.signal?.addEventListener("abort", () => reject(new Error("aborted")), { once: true }));
  };
  return { fetch, calls };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("options.uploadTimeout", () => {
  it("defaults to two minutes and takes integers from 1 to 2^31 - 1 ms", () => {
    expect(uploadTimeoutOf(undefined)).toBe(DEFAULT_UPLOAD_TIMEOUT);
    expect(DEFAULT_UPLOAD_TIMEOUT).toBe(120_000);
    expect(uploadTimeoutOf(1)).toBe(1);
    expect(uploadTimeoutOf(2 ** 31 - 1)).toBe(2 ** 31 - 1);
  });

  it.each([0, -1, 2 ** 31, 1.5, Number.NaN, "1000", null])("refuses %j with a ValidationError naming options.uploadTimeout, before anything is sent", (value) => {
    const fetch = vi.fn();
    const build = () => createVisitorClient({ data: { key: "k" }, WebSocket: class {} as never, fetch, uploadTimeout: value as never });
    expect(build).toThrow(ValidationError);
    expect(build).toThrow(/options\.uploadTimeout/);
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe("postFile", () => {
  it("posts one multipart field, `file`, to the url as returned", async () => {
    const posted: { url: string; fields: [string, FormDataEntryValue][] }[] = [];
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      posted.push({ url: String(input), fields: [...(init?.body as FormData).entries()] });
      return new Response(null, { status: 204 });
    };
    await postFile(URL_WITH_TOKEN, new File(["abc"], "a.txt", { type: "text/plain" }), { fetch, timeout: 1000, onProgress: () => {} });
    expect(posted).toHaveLength(1);
    expect(posted[0]!.url).toBe(URL_WITH_TOKEN);
    expect(posted[0]!.fields.map(([name]) => name)).toEqual(["file"]);
    expect((posted[0]!.fields[0]![1] as File).name).toBe("a.txt");
  });

  it("rejects a TimeoutError when the POST outlasts `timeout`, and aborts the request", async () => {
    vi.useFakeTimers();
    const { fetch, calls } = hangingFetch();
    const upload = postFile(URL_WITH_TOKEN, new Blob(["x"]), { fetch, timeout: 5000, onProgress: () => {} });
    const settled = expect(upload).rejects.toBeInstanceOf(TimeoutError);
    await vi.advanceTimersByTimeAsync(4999);
    expect(calls[0]!.signal!.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await settled;
    expect(calls[0]!.signal!.aborted).toBe(true);
  });

  it("rejects an AbortError when the caller aborts, and a ConnectionError on a status of 400 or more", async () => {
    const { fetch } = hangingFetch();
    const controller = new AbortController();
    const upload = postFile(URL_WITH_TOKEN, new Blob(["x"]), { fetch, timeout: 60_000, onProgress: () => {}, signal: controller.signal });
    controller.abort();
    await expect(upload).rejects.toBeInstanceOf(AbortError);

    const refused = async () => new Response('{"title":"Unauthorized"}', { status: 401 });
    await expect(postFile(URL_WITH_TOKEN, new Blob(["x"]), { fetch: refused, timeout: 1000, onProgress: () => {} })).rejects.toThrow(ConnectionError);
    await expect(postFile(URL_WITH_TOKEN, new Blob(["x"]), { fetch: refused, timeout: 1000, onProgress: () => {} })).rejects.toThrow(/401/);
  });

  it("refuses an upload url that is not http(s) before posting", async () => {
    const { fetch, calls } = hangingFetch();
    await expect(postFile("javascript:alert(1)", new Blob(["x"]), { fetch, timeout: 1000, onProgress: () => {} })).rejects.toThrow(ValidationError);
    expect(calls).toHaveLength(0);
  });
});

describe("postFile and redirects (as core's fetch: never followed)", () => {
  let server: ScriptedServer;
  let elsewhere: ScriptedServer;
  beforeAll(async () => {
    [server, elsewhere] = await Promise.all([startScriptedServer(), startScriptedServer()]);
  });
  afterAll(() => Promise.all([server.close(), elsewhere.close()]));

  it("a 307 is a ConnectionError after one POST: the file is not sent again", async () => {
    server.reset();
    server.on("POST", "/upload", { status: 307, headers: { location: `${server.url}/again` } });
    server.on("POST", "/again", { status: 204 });
    const error = await postFile(`${server.url}/upload?token=upl_1`, new File(["abc"], "a.txt"), { fetch: globalThis.fetch, timeout: 10_000, onProgress: () => {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/redirected \(307\)/);
    expect(server.requestsTo("/upload")).toHaveLength(1);
    expect(server.requestsTo("/again")).toHaveLength(0);
  });

  it("a 301 to another host is not followed: that host gets nothing", async () => {
    server.reset();
    elsewhere.reset();
    server.on("POST", "/upload", { status: 301, headers: { location: `${elsewhere.url}/stolen` } });
    elsewhere.on("GET", "/stolen", { status: 200, json: { ok: true } });
    const error = await postFile(`${server.url}/upload?token=upl_1`, new Blob(["x"]), { fetch: globalThis.fetch, timeout: 10_000, onProgress: () => {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/redirected \(301\)/);
    expect(server.requestsTo("/upload")).toHaveLength(1);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it("a browser's opaque redirect (fetch, status 0) is reported as a redirect too", async () => {
    const opaque = async () => Object.defineProperty(new Response(null, { status: 200 }), "type", { value: "opaqueredirect" });
    await expect(postFile(URL_WITH_TOKEN, new Blob(["x"]), { fetch: opaque, timeout: 1000, onProgress: () => {} })).rejects.toThrow(/redirected/);
  });
});
