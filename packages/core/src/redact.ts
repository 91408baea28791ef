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

/** Headers whose values are URLs, which may carry a user:password or a credential in the query. */
const URL_HEADERS = new Set(["location", "content-location"]);

/**
 * A copy of the headers with lower-cased names and credential values replaced; a `Location` or
 * `Content-Location` as `redactLocation` leaves it.
 */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    out[key] = SECRET_HEADERS.has(key) ? REDACTED : URL_HEADERS.has(key) ? redactLocation(value) : value;
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
  return scrub(parsed).toString();
}

// Resolves a relative reference without pointing it at a real host; `.invalid` is reserved (RFC 2606).
const RELATIVE_BASE = "http://relative.invalid";

/**
 * A `Location` (or `Content-Location`) value safe to show: an http(s) URL's scheme, host and path,
 * or a relative reference's path; a user:password becomes `redacted@`. Everything from the first
 * `?`, `#`, comma or white space on is replaced by `?[redacted]`, `#[redacted]` or ` [redacted]`: a
 * server-chosen token can sit under any parameter name, after `#`, or in a second value (undici
 * joins repeated headers with ", "). Any other scheme (`data:`, `javascript:`) or a value that does
 * not parse is `[redacted]` whole.
 */
export function redactLocation(value: string): string {
  const { head, cut } = splitLocation(value);
  const parsed = parseLocation(head);
  if (!parsed) return REDACTED;
  const relative = parsed.origin === RELATIVE_BASE;
  if (!relative && parsed.protocol !== "http:" && parsed.protocol !== "https:") return REDACTED;
  const user = parsed.username || parsed.password ? "redacted@" : "";
  const shown = relative ? parsed.pathname : `${parsed.protocol}//${user}${parsed.host}${parsed.pathname}`;
  return `${shown}${cut === "" ? "" : cut[0] === "?" || cut[0] === "#" ? `${cut[0]}${REDACTED}` : ` ${REDACTED}`}`;
}

/**
 * What `redactLocation` hides, to scrub from whatever else the server sent with it (a body saying
 * "Moved to ...", another header): the hidden tail whole, its first query values, and the userinfo,
 * each as sent and decoded. At most about 30, so scrubbing a large body stays linear.
 */
export function locationSecrets(value: string): string[] {
  const { head, cut } = splitLocation(value);
  const out = new Set<string>();
  const add = (text: string) => {
    for (const form of [text, decoded(text.replace(/\+/g, " ")), decoded(text)]) if (form.length >= 4) out.add(form);
  };
  add(cut.replace(/^[?#,\s]+/, ""));
  const parsed = parseLocation(head);
  if (!parsed) add(head);
  else for (const part of [parsed.username, parsed.password]) add(part);
  for (const pair of cut.slice(1).split(/[&;]/).slice(0, 8)) add(pair.slice(pair.indexOf("=") + 1));
  // Longest first, so a whole tail goes before the values inside it.
  return [...out].sort((a, b) => b.length - a.length);
}

/** A Location split at its first `?`, `#`, comma or white space: what is shown, and what is hidden. */
function splitLocation(value: string): { head: string; cut: string } {
  const text = value.trim();
  const at = text.search(/[?#,\s]/);
  return at < 0 ? { head: text, cut: "" } : { head: text.slice(0, at), cut: text.slice(at) };
}

function parseLocation(value: string): URL | undefined {
  try {
    return new URL(value, RELATIVE_BASE);
  } catch {
    return undefined;
  }
}

function scrub(parsed: URL): URL {
  if (parsed.username || parsed.password) {
    parsed.username = "redacted";
    parsed.password = "";
  }
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAMS.test(name)) parsed.searchParams.set(name, REDACTED);
  }
  return parsed;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
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
