// End-user authentication: the token cache, one shared login for every waiting call, and the renewal after a 401.
import { AuthenticationError, InvalidResponseError, ParleyError, ValidationError, abortable, checkShape, unwrapWithResponse, redactSecrets, toParleyError, unwrap, withOperation, type FetchResult, type DataOf } from "@parley/core";
import type { Api, Authorized } from "./base.js";
import { SHAPES } from "./shapes.js";

/** A token is renewed this long before it expires, at most: a quarter of its lifetime for short-lived ones. */
const TOKEN_MARGIN_MS = 30_000;

/** What the tokens need: the API, the company, your backend's `authenticate`, and who to tell on the first login. */
export interface TokensOptions {
  api: Api;
  companyId: string;
  authenticate: () => Promise<{ token: string }>;
  onFirstLogin: () => void;
}

/** The end-user token (`POST /auth/end_user`, exchanged for your backend's JWT), cached until shortly before it expires. */
export class Tokens {
  readonly #options: TokensOptions;
  #jwt: string | undefined;
  #token: { value: string; expiresAt: number } | undefined;
  #request: Promise<string> | undefined;
  #loggedIn = false;

  constructor(options: TokensOptions) {
    this.#options = options;
  }

  /** The credentials to redact from every log line and error. */
  secrets(): (string | undefined)[] {
    return [this.#jwt, this.#token?.value];
  }

  /** A valid token, from the cache or from one login shared by every caller; each caller stops waiting when its own signal aborts. */
  get(signal?: AbortSignal): Promise<string> {
    const valid = this.#valid();
    if (valid) return Promise.resolve(valid);
    // Named before it is shared: every call that waited for this login gets the same error.
    this.#request ??= this.#login()
      .catch((error: unknown) => Promise.reject(withOperation(toParleyError(error), "createEndUserToken")))
      .finally(() => (this.#request = undefined));
    return abortable(this.#request, signal);
  }

  /**
   * Sends `op` with the end-user token; on a 401, authenticates again once and retries. Rejects, never
   * throws. (Promise chains, not `async`: this is on every call's path.)
   */
  send<R extends FetchResult>(op: (auth: Authorized) => Promise<R>, signal: AbortSignal | undefined): Promise<{ data: DataOf<R>; response: Response }> {
    const token = this.#valid();
    return token === undefined ? this.get(signal).then((fresh) => this.#sendWith(op, signal, fresh)) : this.#sendWith(op, signal, token);
  }

  #sendWith<R extends FetchResult>(op: (auth: Authorized) => Promise<R>, signal: AbortSignal | undefined, token: string): Promise<{ data: DataOf<R>; response: Response }> {
    const sent = (value: string) => {
      try {
        return unwrapWithResponse(op({ headers: { Authorization: `Bearer ${value}` }, signal }), signal);
      } catch (error) {
        return Promise.reject(error);
      }
    };
    return sent(token).then(undefined, (error: unknown) => {
      // An expired or revoked token: authenticate again once, then retry the call.
      if (!(error instanceof AuthenticationError)) throw error;
      if (this.#token?.value === token) this.#token = undefined;
      return this.get(signal).then(sent);
    });
  }

  #valid(): string | undefined {
    return this.#token && Date.now() < this.#token.expiresAt ? this.#token.value : undefined;
  }

  // One login serves every waiting call, so it runs without any one caller's signal.
  async #login(): Promise<string> {
    let result: unknown;
    try {
      result = await this.#options.authenticate();
    } catch (error) {
      const why = error instanceof Error ? redactSecrets(error.message, [this.#jwt]) : "it threw";
      throw new ParleyError(`options.authenticate() failed: ${why}`);
    }
    const jwt = (result as { token?: unknown } | null)?.token;
    if (typeof jwt !== "string" || jwt === "") {
      throw new ValidationError("options.authenticate", "must resolve to { token: string } with a signed JWT");
    }
    this.#jwt = jwt;
    const data = checkShape<{ token: string; expires_in: number }>(
      "createEndUserToken",
      await unwrap(this.#options.api.POST("/auth/end_user", { body: { company_id: this.#options.companyId, token: jwt } })),
      SHAPES["createEndUserToken"]!,
    );
    if (data.token === "") throw new InvalidResponseError("createEndUserToken: the response field `token` is empty.", { operation: "createEndUserToken", field: "token" });
    // `expires_in` is in seconds (RFC 6749 §5.1). The margin scales with the lifetime, so a token that
    // lives 30 s or less is still used for three quarters of it rather than for no call at all.
    const ttl = Math.max(data.expires_in, 0) * 1000;
    this.#token = { value: data.token, expiresAt: Date.now() + ttl - Math.min(TOKEN_MARGIN_MS, ttl / 4) };
    if (!this.#loggedIn) {
      this.#loggedIn = true;
      this.#options.onFirstLogin();
    }
    return data.token;
  }
}
