// Owns the page of a list call: awaitable for the first page, async-iterable over every item.

/** One page of a list, with the way to the next. */
export interface Page<T> {
  /** This page's items. */
  readonly items: readonly T[];
  /** Whether the server said there is a next page. */
  hasNextPage(): boolean;
  /** Fetches the next page; rejects with StateError when there is none. */
  getNextPage(options?: { signal?: AbortSignal }): Promise<Page<T>>;
}

/**
 * The answer of a list call: `await` it for the first page, or iterate it for every item of every
 * page (`for await (const item of client.things.list())`), fetching pages as the loop needs them.
 * Nothing is sent until it is awaited or iterated.
 */
export class PagePromise<P extends Page<T>, T> implements PromiseLike<P>, AsyncIterable<T> {
  readonly #load: () => Promise<P>;
  #first: Promise<P> | undefined;

  /** @param load Fetches the first page; called once, when the promise is first awaited or iterated. */
  constructor(load: () => Promise<P>) {
    this.#load = load;
  }

  #firstPage(): Promise<P> {
    return (this.#first ??= this.#load());
  }

  /** The first page (fetched once, however often awaited). */
  then<R1 = P, R2 = never>(
    onfulfilled?: ((page: P) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#firstPage().then(onfulfilled, onrejected);
  }

  /** As `Promise.prototype.catch` on the first page. */
  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<P | R> {
    return this.#firstPage().catch(onrejected);
  }

  /** As `Promise.prototype.finally` on the first page. */
  finally(onfinally?: (() => void) | null): Promise<P> {
    return this.#firstPage().finally(onfinally);
  }

  /** Every item of every page, fetching the next page when the loop reaches it; breaking out fetches no more. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    let page: Page<T> = await this.#firstPage();
    for (;;) {
      yield* page.items;
      if (!page.hasNextPage()) return;
      page = await page.getNextPage();
    }
  }
}
