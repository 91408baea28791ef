// The headless client's options: their shape, defaults and the checks made before anything is sent.
import { ValidationError, checkOptionKeys, checked, optionalNumber, optionalString, requireBaseUrl, requireFunction, requireObject, requireString, type FetchLike, type Logger } from "@parley/core";
import { LANG } from "./checks.js";
import type { ChatStorage } from "./storage.js";
import type { ChatTransportFactory } from "./transport.js";

/** Options of `new Client(options)`; each is checked, a bad one is a `ValidationError` naming it. */
export interface ClientOptions {
  /** The company key (1 to 200 characters), sent with the JWT to get the end-user token. */
  companyId: string;
  /** Your backend's endpoint: resolves to `{ token }`, a JWT signed with the company secret. Called on the first call and whenever the token must be renewed; never logged. */
  authenticate: () => Promise<{ token: string }>;
  /** The tenant: the API host is `https://{tenant}.api.ccaiplatform.com` unless `host` is given. */
  tenant?: string;
  /** The API origin, e.g. `https://acme.api.ccaiplatform.com` or a local mock (the path `/api/v2` is added). */
  host?: string;
  /** Default language (a language tag such as `en` or `pt-BR`) for calls that take `lang`. */
  lang?: string;
  /** Remembers the ongoing chat; default `localStorage` in browsers, memory elsewhere. */
  storage?: ChatStorage;
  /** The `fetch` to use; default the global one. */
  fetch?: FetchLike;
  /** Per-attempt timeout in ms (default 60 000). */
  timeout?: number;
  /** Retries for 408/429/5xx and connection errors, 0 to 10 (default 2); a request that may have reached the server is retried only when it is safe to repeat. */
  maxRetries?: number;
  /** Where retries and failures are logged (credentials are redacted first); default silent. */
  logger?: Logger;
  /** Realtime transport for the ongoing chat; default `pollingTransport()`. `false` disables it. */
  transport?: ChatTransportFactory | false;
  /** The current page URL, for proactive triggers; default `location.href`. */
  pageUrl?: () => string;
}

/** Every key `new Client` takes: any other is refused (a misspelt option would be silently ignored). */
const OPTION_KEYS = Object.fromEntries(
  ["companyId", "authenticate", "tenant", "host", "lang", "storage", "fetch", "timeout", "maxRetries", "logger", "transport", "pageUrl"].map((k) => [k, true as const]),
);

/** Checks every option; returns the API origin (`host`, or the tenant's). */
export function checkClientOptions(options: ClientOptions): string {
  requireObject("options", options);
  checkOptionKeys("options", options, OPTION_KEYS);
  requireString("options.companyId", options.companyId, { max: 200 });
  requireFunction("options.authenticate", options.authenticate);
  optionalString("options.tenant", options.tenant, { pattern: /^[a-z0-9-]+$/i, patternName: "a tenant name (letters, digits, -)" });
  if (options.host !== undefined) requireBaseUrl("options.host", options.host);
  optionalString("options.lang", options.lang, LANG);
  optionalNumber("options.timeout", options.timeout, { min: 1 });
  optionalNumber("options.maxRetries", options.maxRetries, { min: 0, max: 10, integer: true });
  if (options.fetch !== undefined) requireFunction("options.fetch", options.fetch);
  if (options.transport !== undefined && options.transport !== false) requireFunction("options.transport", options.transport);
  if (options.pageUrl !== undefined) requireFunction("options.pageUrl", options.pageUrl);
  for (const m of ["getItem", "setItem", "removeItem"] as const) {
    if (options.storage !== undefined) requireFunction(`options.storage.${m}`, checked("options.storage", () => (options.storage as unknown as Record<string, unknown> | null)?.[m]));
  }
  for (const m of ["debug", "warn", "error"] as const) {
    if (options.logger !== undefined) requireFunction(`options.logger.${m}`, checked("options.logger", () => (options.logger as unknown as Record<string, unknown> | null)?.[m]));
  }
  if (!options.host && !options.tenant) throw new ValidationError("options.host", "give `host` or `tenant`");
  return requireBaseUrl("options.host", options.host ?? `https://${options.tenant}.api.ccaiplatform.com`);
}
