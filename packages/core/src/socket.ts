/**
 * What `new WebSocket(url)` must give the realtime SDKs: the standard browser API, which `ws`
 * also implements in Node (and adds `ping`, used for keepalive where present).
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  ping?(): void;
  onopen: SocketHandler<unknown>;
  onmessage: SocketHandler<{ data: unknown }>;
  onclose: SocketHandler<{ code?: number; reason?: string }>;
  onerror: SocketHandler<unknown>;
}

/**
 * A handler property, checked bivariantly (as methods are): the browser's `WebSocket` and `ws`
 * declare handlers taking their own richer event types, and both must be accepted without a cast.
 */
export type SocketHandler<E> = { bivarianceHack(event: E): void }["bivarianceHack"] | null;

/** `WebSocket` of the browser, of Node 22+, or of `ws`: `new WebSocket(url)`. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;
