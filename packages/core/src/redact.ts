// Owns redaction: credentials out of headers, URLs and any text the server echoes.

/** Headers whose values are credentials. Compared lower-case. */
const SECRET_HEADERS = new Set([
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "x-api-key",
  "api-key",
  "x-auth-token",
]);

/** Query parameters whose values are credentials. */
const SECRET_PARAMS = /^(token|access_token|api_key|apikey|key|jwt|auth|signature|sig|temp_url_sig)$/i;

/** What a redacted value is replaced with. */
export const REDACTED = "[redacted]";

/** A copy of the headers with lower-cased names and credential values replaced. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    out[key] = SECRET_HEADERS.has(key) ? REDACTED : value;
  }
  return out;
}

/** The URL with credential-looking query values and any user:password replaced. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.username || parsed.password) {
    parsed.username = "redacted";
    parsed.password = "";
  }
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAMS.test(name)) parsed.searchParams.set(name, REDACTED);
  }
  return parsed.toString();
}

/**
 * Replaces every occurrence of the given secrets in a string. Used on log lines and on any text
 * the server echoes back, so a token never leaves the SDK inside a message.
 */
export function redactSecrets(text: string, secrets: Iterable<string | undefined>): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join(REDACTED);
  }
  return out;
}

/**
 * The credential values a request carries: the token part and the whole of auth headers, each
 * cookie's value, and secret-looking query values. Used to scrub whatever the server echoes back.
 */
export function requestSecrets(url: string, header: (name: string) => string | null): string[] {
  const out: string[] = [];
  for (const name of ["authorization", "proxy-authorization", "x-api-key", "api-key", "x-auth-token"]) {
    const value = header(name);
    if (!value) continue;
    // The token part first, so an echo reads "Bearer [redacted]"; then the value as a whole.
    const space = value.indexOf(" ");
    if (space > 0) out.push(value.slice(space + 1).trim());
    out.push(value);
  }
  for (const pair of (header("cookie") ?? "").split(";")) {
    const eq = pair.indexOf("=");
    if (eq > 0) out.push(pair.slice(eq + 1).trim());
  }
  try {
    for (const [name, value] of new URL(url).searchParams) if (SECRET_PARAMS.test(name)) out.push(value);
  } catch {
    // not an absolute URL: nothing to extract
  }
  return out;
}
