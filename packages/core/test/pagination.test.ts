import { describe, expect, it, vi } from "vitest";
import { NotFoundError, PagePromise, StateError, type Page } from "../src/index.js";
import { rejectionOf } from "./helpers.js";

interface NumberPage extends Page<number> {
  /** Which page this is, from 0. */
  readonly index: number;
}

/**
 * A paged list in memory. `loads` records every page fetched, in order: 0 by the first load, the
 * others by `getNextPage`. `failOn` makes the load of that page reject with `error`.
 */
function pagedSource(pages: readonly (readonly number[])[], failure?: { failOn: number; error: unknown }) {
  const loads: number[] = [];
  const nextCalls: number[] = [];
  const load = (index: number): Promise<NumberPage> => {
    loads.push(index);
    if (failure?.failOn === index) return Promise.reject(failure.error);
    return Promise.resolve(page(index));
  };
  const page = (index: number): NumberPage => ({
    index,
    items: pages[index] ?? [],
    hasNextPage: () => index + 1 < pages.length,
    getNextPage: () => {
      nextCalls.push(index);
      return index + 1 < pages.length ? load(index + 1) : Promise.reject(new StateError("There is no next page."));
    },
  });
  return { loads, nextCalls, promise: () => new PagePromise<NumberPage, number>(() => load(0)) };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

const macrotask = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("PagePromise", () => {
  it("resolves to the first page when awaited, loading it once", async () => {
    const source = pagedSource([[1, 2], [3]]);
    const promise = source.promise();
    const page = await promise;
    expect(page.index).toBe(0);
    expect(page.items).toEqual([1, 2]);
    expect(page.hasNextPage()).toBe(true);
    expect(await promise).toBe(page);
    expect(source.loads).toEqual([0]);
    expect(source.nextCalls).toEqual([]);
  });

  it("sends nothing until it is awaited or iterated", async () => {
    const source = pagedSource([[1], [2]]);
    const promise = source.promise();
    const iterator = promise[Symbol.asyncIterator]();
    await macrotask();
    expect(source.loads).toEqual([]);
    expect(await iterator.next()).toEqual({ done: false, value: 1 });
    expect(source.loads).toEqual([0]);
  });

  it("then, catch and finally behave as a promise's", async () => {
    const ok = pagedSource([[1, 2]]);
    expect(await ok.promise().then((page) => page.items.length)).toBe(2);
    const finallyOk = vi.fn();
    const page = await ok.promise().finally(finallyOk);
    expect(page.items).toEqual([1, 2]);
    expect(finallyOk).toHaveBeenCalledTimes(1);
    expect(await ok.promise().catch(() => "unused")).toMatchObject({ index: 0 });
    expect(await Promise.resolve(ok.promise())).toMatchObject({ index: 0 });

    const error = new NotFoundError({ status: 404 });
    const failing = pagedSource([[1]], { failOn: 0, error });
    expect(await failing.promise().catch((reason: unknown) => reason)).toBe(error);
    expect(await failing.promise().then(() => "fulfilled", (reason: unknown) => reason)).toBe(error);
    const finallyFailed = vi.fn();
    expect(await rejectionOf(failing.promise().finally(finallyFailed))).toBe(error);
    expect(finallyFailed).toHaveBeenCalledTimes(1);
    expect(await rejectionOf(Promise.resolve(failing.promise()))).toBe(error);
    const awaited = (async () => await failing.promise())();
    expect(await rejectionOf(awaited)).toBe(error);
  });

  it("iterates every item of every page in order, fetching each next page once", async () => {
    const source = pagedSource([[1, 2, 3], [4], [5, 6]]);
    expect(await collect(source.promise())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(source.loads).toEqual([0, 1, 2]);
    expect(source.nextCalls).toEqual([0, 1]); // pages - 1 times, never on the last page
  });

  it("fetches the next page only when the loop needs it", async () => {
    const source = pagedSource([[1, 2], [3, 4], [5]]);
    const iterator = source.promise()[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toBe(1);
    expect((await iterator.next()).value).toBe(2);
    expect(source.loads).toEqual([0]);
    expect((await iterator.next()).value).toBe(3);
    expect(source.loads).toEqual([0, 1]);
  });

  it("skips empty pages in the middle", async () => {
    const source = pagedSource([[1], [], [], [2]]);
    expect(await collect(source.promise())).toEqual([1, 2]);
    expect(source.nextCalls).toEqual([0, 1, 2]);
  });

  it("reuses the awaited first page when iterated afterwards", async () => {
    const source = pagedSource([[1, 2], [3]]);
    const promise = source.promise();
    const first = await promise;
    expect(first.items).toEqual([1, 2]);
    expect(await collect(promise)).toEqual([1, 2, 3]);
    expect(source.loads).toEqual([0, 1]);
  });

  it("stops loading when the loop breaks early", async () => {
    const source = pagedSource([[1, 2], [3, 4], [5, 6]]);
    const seen: number[] = [];
    for await (const item of source.promise()) {
      seen.push(item);
      if (item === 3) break;
    }
    expect(seen).toEqual([1, 2, 3]);
    expect(source.loads).toEqual([0, 1]);

    const other = pagedSource([[1, 2], [3]]);
    for await (const item of other.promise()) {
      expect(item).toBe(1);
      break;
    }
    await macrotask();
    expect(other.loads).toEqual([0]);
    expect(other.nextCalls).toEqual([]);
  });

  it("rejects the iteration with the error of page 2, after yielding page 1's items", async () => {
    const error = new NotFoundError({ status: 404 });
    const source = pagedSource([[1, 2], [3]], { failOn: 1, error });
    const seen: number[] = [];
    const failure = await rejectionOf(
      (async () => {
        for await (const item of source.promise()) seen.push(item);
      })(),
    );
    expect(failure).toBe(error);
    expect(seen).toEqual([1, 2]);
    expect(source.loads).toEqual([0, 1]);
  });

  it("rejects the iteration with the error of the first page, yielding nothing", async () => {
    const error = new Error("refused");
    const source = pagedSource([[1]], { failOn: 0, error });
    const seen: number[] = [];
    const failure = await rejectionOf(
      (async () => {
        for await (const item of source.promise()) seen.push(item);
      })(),
    );
    expect(failure).toBe(error);
    expect(seen).toEqual([]);
  });

  it("reads a single page when the first one has no next page", async () => {
    const source = pagedSource([[7, 8]]);
    const promise = source.promise();
    expect((await promise).hasNextPage()).toBe(false);
    expect(await collect(promise)).toEqual([7, 8]);
    expect(source.loads).toEqual([0]);
    expect(source.nextCalls).toEqual([]);

    const empty = pagedSource([[]]);
    expect(await collect(empty.promise())).toEqual([]);
    expect(empty.nextCalls).toEqual([]);
  });

  it("is typed: awaiting gives the page type, iterating gives the item type", async () => {
    const source = pagedSource([[1], [2]]);
    const promise = source.promise();
    const page: Page<number> = await promise;
    const typed: NumberPage = await promise;
    expect(typed.index).toBe(0);
    // @ts-expect-error the items of a Page<number> are numbers, not strings
    const wrong: readonly string[] = page.items;
    expect(wrong).toEqual([1]);
    for await (const item of promise) {
      const n: number = item;
      // @ts-expect-error an item is a number
      const s: string = item;
      expect(s).toBe(n);
      break;
    }
    // @ts-expect-error a PagePromise of numbers does not resolve to a Page of strings
    const other: Page<string> = await promise;
    expect(other).toBe(page);
  });
});
