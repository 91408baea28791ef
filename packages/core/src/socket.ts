// Owns the WebSocket surface the realtime SDKs need, so the browser's, Node 22's and ws's all fit.

/**
 * What `new WebSocket(url)` must give the realtime SDKs: the standard browser API, which `ws`
 * also implements in Node (and adds `ping`, used for keepalive where present).
 */
export interface WebSocketLike {
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  /** Sends one text frame. */
  send(data: string): void;
  /** Closes with a code (1000, or 3000-4999) and a reason of at most 123 bytes. */
  close(code?: number, reason?: string): void;
  /** Sends a WebSocket ping frame (ws only). */
  ping?(): void;
  /** The socket opened. */
  onopen: SocketHandler<unknown>;
  /** One inbound frame; `data` is a string for text frames. */
  onmessage: SocketHandler<{ data: unknown }>;
  /** The socket closed, with its close code and reason. */
  onclose: SocketHandler<{ code?: number; reason?: string }>;
  /** A failure; a close follows. */
  onerror: SocketHandler<unknown>;
}

/**
 * A handler property, checked bivariantly (as methods are): the browser's `WebSocket` and `ws`
 * declare handlers taking their own richer event types, and both must be accepted without a cast.
 */
export type SocketHandler<E> = { bivarianceHack(event: E): void }["bivarianceHack"] | null;

/** `WebSocket` of the browser, of Node 22+, or of `ws`: `new WebSocket(url)`. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;
