// Owns the browser hooks of a realtime connection: `online` retries at once, `visibilitychange`
// checks the link when a throttled background tab is seen again.

/** The part of `EventTarget` the connection uses. */
export interface EventTargetLike {
  /** As `EventTarget.addEventListener`. */
  addEventListener(type: string, listener: () => void): void;
  /** As `EventTarget.removeEventListener`. */
  removeEventListener(type: string, listener: () => void): void;
}

/** The browser globals listened to: `window`'s `online` reconnects at once, `document`'s `visibilitychange` checks the link. */
export interface BrowserEnvironment {
  /** Where `online` fires. */
  window?: EventTargetLike;
  /** Where `visibilitychange` fires. */
  document?: EventTargetLike & { visibilityState?: string };
}

/** What the hooks do; the connection decides from its own state. */
export interface BrowserHookHandlers {
  /** The network is back. */
  online(): void;
  /** The tab is visible again. */
  visible(): void;
}

/**
 * Listens to `online` and `visibilitychange` on `environment` (default: `globalThis` where it is a
 * window with a document; elsewhere nothing is listened to). Returns the function that stops
 * listening.
 */
export function listenToBrowser(environment: BrowserEnvironment | undefined, handlers: BrowserHookHandlers): () => void {
  const g = globalThis as { addEventListener?: unknown; document?: BrowserEnvironment["document"] };
  const env = environment ?? (typeof g.addEventListener === "function" ? { window: g as EventTargetLike, document: g.document } : undefined);
  const { window, document } = env ?? {};
  if (!window || !document) return () => {};
  const onOnline = () => handlers.online();
  const onVisibility = () => {
    if (document.visibilityState === "visible") handlers.visible();
  };
  window.addEventListener("online", onOnline);
  document.addEventListener("visibilitychange", onVisibility);
  return () => {
    window.removeEventListener("online", onOnline);
    document.removeEventListener("visibilitychange", onVisibility);
  };
}
