// The streaming operations of an OpenAPI mock: Prism cannot stream, so operations marked
// `x-parley-stream` are answered here, from the spec itself: the operation's 200 text/plain example,
// sent as chunked text token by token (a token is a word and the spaces after it). The HTTP layer
// has already checked the request; this only shapes the answer, as the fault asks:
//
//   { status: 429, retryAfter: 1 }   the spec's problem example for that status, before any byte
//   { cutAfter: 5 }                  5 tokens, then the connection is dropped
//   { stallAfter: 5 }                5 tokens, then silence until the client leaves
//   { chunkBytes: 3 }                the bytes in 3-byte chunks (splits UTF-8 characters)
//   { text: "...", delayMs: 0 }      this text, with this delay (ms) between tokens

const CORS = { "access-control-allow-origin": "*", "access-control-expose-headers": "*" };

/**
 * Streams the answer of `route` on `res`. `later(ms)` is the mock's own timer (cleared on close).
 * @param {import("node:http").IncomingMessage} req
 * @param {import("node:http").ServerResponse} res
 * @param {Record<string, any>} behaviour
 * @param {{ example: string, delayMs: number, later: (ms: number) => Promise<void> }} pace
 */
export async function streamAnswer(req, res, behaviour, { example, delayMs, later }) {
  const answer = Buffer.from(behaviour.text ?? example, "utf8");
  const chunks = behaviour.chunkBytes
    ? Array.from({ length: Math.ceil(answer.length / behaviour.chunkBytes) }, (_, i) => answer.subarray(i * behaviour.chunkBytes, (i + 1) * behaviour.chunkBytes))
    : (answer.toString("utf8").match(/\S+\s*|\s+/g) ?? []).map((t) => Buffer.from(t, "utf8"));
  const delay = behaviour.delayMs ?? delayMs;
  res.writeHead(200, { ...CORS, "content-type": "text/plain; charset=utf-8", "cache-control": "no-cache" });
  res.flushHeaders();
  let gone = false;
  res.on("close", () => (gone = true));
  for (let i = 0; i < chunks.length && !gone; i++) {
    if (behaviour.cutAfter === i) return req.socket.destroy();
    if (behaviour.stallAfter === i) return; // silent until the client goes away
    res.write(chunks[i]);
    if (delay > 0) await later(delay);
  }
  if (behaviour.cutAfter === chunks.length) return req.socket.destroy();
  if (behaviour.stallAfter === chunks.length) return;
  if (!gone) res.end();
}

/** The text/plain 200 example of a streaming operation. */
export function streamExample(route) {
  return route.op.responses?.["200"]?.content?.["text/plain"]?.example ?? "";
}
