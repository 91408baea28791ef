// Listening on the loopback, shared by every mock: a taken port is reported, never replaced.
import net from "node:net";

export const HOST = "127.0.0.1";

const taken = (port, host) => new Error(`Port ${port} on ${host} is already in use; choose another.`);

/** Listens on `host:port` (port 0: the OS picks a free one, with no window for a race). */
export function listen(server, port, host = HOST) {
  return new Promise((resolve, reject) => {
    server.once("error", (error) => reject(error.code === "EADDRINUSE" ? taken(port, host) : error));
    server.listen(port, host, () => resolve(server));
  });
}

/** A free TCP port on 127.0.0.1, for a child process that must be told one (Prism). */
export function freePort() {
  return listen(net.createServer().unref(), 0).then(
    (server) => new Promise((resolve) => {
      const { port } = server.address();
      server.close(() => resolve(port));
    }),
  );
}

/** Fails with a clear message when `port` is already taken on 127.0.0.1. */
export function assertPortFree(port) {
  return listen(net.createServer(), port).then((server) => new Promise((resolve) => server.close(() => resolve())));
}
