// Timeouts and a connection cap for our two HTTP servers (the listener and headless mode). Node's defaults hold a body
// dripped at 1 byte every 5 s for 300 s and never reap an idle socket, and neither server set anything, so a slow or
// idle client could hold sockets (and memory) without limit. The values are stated in the README's interface table;
// tests inject small ones.
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { Socket } from 'node:net';

export interface HttpLimits {
  /** The request line and headers must have arrived within this (Node's headersTimeout; 408 then). */
  headersTimeoutMs: number;
  /** The whole request, body included, must have arrived within this (Node's requestTimeout; 408 then). */
  requestTimeoutMs: number;
  /** An idle kept-alive connection is closed this long after its last response (Node adds its own 1 s buffer). */
  keepAliveTimeoutMs: number;
  /**
   * A socket without traffic either way for this long is closed: a client that stopped reading its response, a request
   * stalled between two bytes. Not while a handler still works on a request that has fully arrived: it answers in its
   * own time.
   */
  idleTimeoutMs: number;
  /** Connections beyond this are closed as they arrive (WebSockets count). */
  maxConnections: number;
  /** How often Node checks the headers and request timeouts (connectionsCheckingInterval); the timeouts are this exact. */
  checkIntervalMs: number;
}

/** Pushes from back-office systems: bodies of 1 MB at most, from a few senders. */
export const LISTENER_LIMITS: HttpLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 15_000,
  maxConnections: 256,
  checkIntervalMs: 1_000,
};

/** One browser on loopback (a few tabs, each a handful of connections and one WebSocket). */
export const HEADLESS_LIMITS: HttpLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 60_000,
  maxConnections: 64,
  checkIntervalMs: 1_000,
};

/**
 * An HTTP server that enforces the limits (the defaults, with what `overrides` sets instead); with `tls`, HTTPS with
 * that certificate and key (PEM), under the same limits.
 */
export function createLimitedServer(defaults: HttpLimits, overrides: Partial<HttpLimits> | undefined, handler: RequestListener, tls?: { cert: Buffer; key: Buffer }): Server {
  const l = { ...defaults, ...overrides };
  if (l.headersTimeoutMs > l.requestTimeoutMs) throw new Error(`headersTimeoutMs (${l.headersTimeoutMs}) must not exceed requestTimeoutMs (${l.requestTimeoutMs})`);
  const current = new WeakMap<Socket, { req: IncomingMessage; res: ServerResponse }>();
  const options = {
    headersTimeout: l.headersTimeoutMs,
    requestTimeout: l.requestTimeoutMs,
    keepAliveTimeout: l.keepAliveTimeoutMs,
    connectionsCheckingInterval: l.checkIntervalMs,
  };
  const onRequest: RequestListener = (req, res) => {
    const socket = req.socket;
    current.set(socket, { req, res });
    res.once('close', () => {
      if (current.get(socket)?.res === res) current.delete(socket);
    });
    handler(req, res);
  };
  // An https.Server is an http.Server over TLS sockets: the same timeouts, events and cap apply.
  const server = tls ? (createTlsServer({ ...options, cert: tls.cert, key: tls.key }, onRequest) as unknown as Server) : createServer(options, onRequest);
  server.maxConnections = l.maxConnections;
  server.setTimeout(l.idleTimeoutMs);
  // With a listener here Node leaves the decision to us (without one it destroys the socket, whatever it is doing).
  server.on('timeout', (socket: Socket) => {
    const c = current.get(socket);
    if (c && c.req.complete && !c.res.headersSent) return;
    socket.destroy();
  });
  return server;
}
