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
 * A `Location` (or `Content-Location`) value safe to show: its scheme, host and path; a user:password
 * becomes `redacted@`, and a query or a fragment is replaced whole by `?[redacted]` / `#[redacted]`
 * (a server-chosen token can sit under any parameter name, or after `#`). A value that does not
 * parse is `[redacted]` whole. Several values (undici joins repeated headers with ", ") are each
 * redacted on their own. A relative value stays relative.
 */
export function redactLocation(value: string): string {
  return locationValues(value)
    .map((one) => {
      const parsed = parseLocation(one);
      if (!parsed) return REDACTED;
      const [query, fragment] = [parsed.search !== "", parsed.hash !== ""];
      if (parsed.username || parsed.password) {
        parsed.username = "redacted";
        parsed.password = "";
      }
      parsed.search = "";
      parsed.hash = "";
      const text = parsed.toString();
      const shown = text.startsWith(`${RELATIVE_BASE}/`) ? text.slice(RELATIVE_BASE.length) : text;
      return `${shown}${query ? `?${REDACTED}` : ""}${fragment ? `#${REDACTED}` : ""}`;
    })
    .join(", ");
}

/**
 * What `redactLocation` hides, to scrub from whatever else the server sent with it (a body saying
 * "Moved to ...", another header): the userinfo, the query and the fragment, whole and each value
 * in them, both as sent (percent-encoded) and decoded; a value that does not parse, whole.
 */
export function locationSecrets(value: string): string[] {
  const out: string[] = [];
  for (const one of locationValues(value)) {
    const parsed = parseLocation(one);
    if (!parsed) {
      out.push(one);
      continue;
    }
    for (const part of [parsed.username, parsed.password, parsed.search.slice(1), parsed.hash.slice(1)]) {
      if (!part) continue;
      out.push(part, decoded(part));
      for (const pair of part.split("&")) {
        const v = pair.slice(pair.indexOf("=") + 1);
        out.push(v, decoded(v.replace(/\+/g, " ")));
      }
    }
  }
  // Longest first, so a whole query goes before the values inside it.
  return out.filter((secret) => secret.length > 0).sort((a, b) => b.length - a.length);
}

/** The values of a Location header: one, or several that undici joined with ", " (a URL holds no raw space). */
function locationValues(value: string): string[] {
  return value.split(/,\s+/).map((one) => one.trim());
}

function parseLocation(value: string): URL | undefined {
  if (value === "") return undefined;
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
