// The agent API's state and the operations that need it; every other operation is Prism's (the
// spec's examples), the stream is ./stream.mjs.
//   conversations.list   pages through the seed conversations as the spec describes: the answer's
//                        `currentPage` is the page returned (1-based) and `cursor` the token to send
//                        with it for the next one; `total` and `totalPages` agree with the pages.
// The seed is the example page's conversations plus the ones its `total` promises (made from the
// first), served at most as many per page as the example page holds, so paging is exercised.

/** @param {ReturnType<typeof import("./openapi.mjs").loadSpec>} spec */
export function agentApiState(spec) {
  const list = /** @type {import("./openapi.mjs").Route} */ (spec.routes.find((r) => r.operationId === "conversations.list"));
  const example = spec.example(list, 200);
  const pageSize = Math.max(1, example.conversations.length);
  const seed = [...example.conversations];
  for (let i = seed.length; i < example.total; i++) {
    const base = example.conversations[0];
    seed.push({ ...structuredClone(base), id: `${base.id.slice(0, -4)}${String(1000 + i).slice(-4)}`, createdAt: "2025-03-12T09:30:00Z", updatedAt: "2025-03-12T09:41:12Z" });
  }
  /** The cursor of page `n` (1-based): the example's own encoding, `{"page":n}` in base64url. */
  const cursorOf = (page) => Buffer.from(JSON.stringify({ page })).toString("base64url");
  const problem = (status, detail) => ({ status, headers: { "content-type": "application/problem+json" }, body: { ...spec.problemExample(list, status), detail } });

  /** @type {Record<string, (context: any) => any>} */
  const handlers = {
    "conversations.list"({ query }) {
      const limit = Math.min(Number(query.get("limit") ?? 25), pageSize);
      const requested = Number(query.get("currentPage") ?? 0);
      const cursor = query.get("cursor");
      if (requested === 0 && cursor !== null) return problem(400, "`cursor` MUST NOT be sent on the first request (currentPage=0).");
      if (requested > 0 && cursor !== cursorOf(requested + 1)) return problem(400, `\`cursor\` must be the one the answer for page ${requested} carried.`);
      const conversations = seed.slice(requested * limit, (requested + 1) * limit);
      const totalPages = Math.ceil(seed.length / limit);
      const currentPage = requested + 1;
      return {
        status: 200,
        body: { total: seed.length, currentPage, totalPages, cursor: currentPage < totalPages ? cursorOf(currentPage + 1) : null, conversations: structuredClone(conversations) },
      };
    },
  };
  return { handlers, reset: () => {} };
}
