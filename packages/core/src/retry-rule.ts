// Owns the retry rule of HTTP calls: which request may be sent again, and after which answer.

/** Methods RFC 9110 §9.2.2 defines as idempotent: repeating them changes nothing more. */
export const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"]);
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);
/** Connection failures that happen before a byte of the request is sent (undici's `cause.code`). */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]);

/**
 * `"POST /chats/{chatId}/finish"` templates (the operations a spec marks `x-parley-idempotent: true`)
 * as one test of a method and an absolute URL: the template's path matches the end of the URL's path.
 */
export function compileTemplates(templates: readonly string[]): (method: string, url: string) => boolean {
  if (templates.length === 0) return () => false;
  const compiled = templates.map((t) => {
    const [method = "", path = ""] = t.split(" ");
    const pattern = path
      .split(/\{[^{}]+\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("[^/]+");
    return { method: method.toUpperCase(), path: new RegExp(`${pattern}$`) };
  });
  return (method, url) => {
    let path: string;
    try {
      path = new URL(url).pathname;
    } catch {
      return false;
    }
    return compiled.some((c) => c.method === method && c.path.test(path));
  };
}

/** Whether a request that is safe to repeat is retried after `response`: 408, 429, 5xx, or the server's `x-should-retry`. */
export function shouldRetry(response: Response): boolean {
  const hint = response.headers.get("x-should-retry");
  if (hint === "true") return true;
  if (hint === "false") return false;
  return RETRYABLE_STATUS.has(response.status) || response.status > 504;
}

/** Whether `error` (a rejected fetch) says the request never left: refused, host not found, connect timeout. */
export function provablyNotSent(error: unknown): boolean {
  return NOT_SENT_CODES.has(errorCode(error) ?? "");
}

/** The `code` of an error or of its `cause` (undici puts the system error's code there). */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code ?? ((error as { cause?: unknown } | null)?.cause as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}
