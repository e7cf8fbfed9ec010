import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DiagnosticLog } from '../core/diagnostic-log';
import { createLimitedServer, LISTENER_LIMITS, type HttpLimits } from './http-limits';

/** A request as far as it is known before its body is read. */
export interface ListenerRequestHead {
  method: string;
  path: string;
  /** The query string (routes such as the CRM Agent's carry their key there). */
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
}

export interface ListenerRequest extends ListenerRequestHead {
  body: string;
}

export interface ListenerReply {
  status: number;
  body: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface ListenerRoute {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  maxBytes?: number;
  /**
   * The key check, made before the body is read: false is answered `unauthorized` (a JSON 401 by default) at once,
   * the body left unread and the connection closed, so a caller without a key cannot hold a socket by dripping a body.
   * The route counts its own refusals. `handle` runs only for requests it allowed.
   */
  authorize?(req: ListenerRequestHead): boolean | Promise<boolean>;
  unauthorized?: ListenerReply;
  handle(req: ListenerRequest): Promise<ListenerReply> | ListenerReply;
  /** Told when the listener itself refuses a request to this route (an oversized body), so the route can log it. */
  onRefused?(status: number, reason: string): void;
  /** Called once when the listener closes (a route writes what it has only counted so far). */
  close?(): void;
}

const DEFAULT_MAX = 1024 * 1024;

function reply(res: ServerResponse, r: ListenerReply): void {
  res.writeHead(r.status, { 'content-type': r.contentType ?? 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...r.headers });
  res.end(r.body);
}

function json(status: number, body: object): ListenerReply {
  return { status, body: JSON.stringify(body) };
}

/** Answers without reading the request's body, and closes the connection rather than wait for the rest of it. */
function replyUnread(res: ServerResponse, r: ListenerReply): void {
  reply(res, { ...r, headers: { ...r.headers, connection: 'close' } });
}

/**
 * Inbound HTTP for pushes from back-office systems, apart from the console's own server. Bound to 127.0.0.1 unless
 * told otherwise. Timeouts and the connection cap are LISTENER_LIMITS unless `limits` says otherwise (tests).
 */
export async function startListener(opts: { host: string; port: number; routes: ListenerRoute[]; diag?: DiagnosticLog; limits?: Partial<HttpLimits> }) {
  async function authorized(route: ListenerRoute, head: ListenerRequestHead, res: ServerResponse): Promise<boolean> {
    if (!route.authorize) return true;
    let ok: boolean;
    try {
      ok = await route.authorize(head);
    } catch (err) {
      opts.diag?.error(`listener ${head.path}: the key check failed`, err);
      replyUnread(res, json(500, { error: 'the console could not check the key; nothing was stored' }));
      return false;
    }
    if (!ok) replyUnread(res, route.unauthorized ?? json(401, { error: 'missing or wrong key' }));
    return ok;
  }

  const server = createLimitedServer(LISTENER_LIMITS, opts.limits, (req, res) => {
    serve(req, res).catch((err) => {
      opts.diag?.error('listener request failed', err);
      if (!res.headersSent) replyUnread(res, json(500, { error: 'the console could not process this request; nothing was stored' }));
    });
  });
  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let path: string;
    let query: URLSearchParams;
    try {
      const url = new URL(req.url ?? '/', 'http://listener');
      path = url.pathname;
      query = url.searchParams;
    } catch {
      return reply(res, json(400, { error: 'malformed request URL' }));
    }
    if (req.method === 'GET' && path === '/health') return reply(res, json(200, { ok: true }));
    // A route path ending in "/" takes everything below it (e.g. /attachments/42).
    const route = opts.routes.find((r) => r.method === req.method && (r.path === path || (r.path.endsWith('/') && path.startsWith(r.path) && path.length > r.path.length)));
    if (!route) return reply(res, json(404, { error: `nothing listens at ${req.method} ${path}` }));
    if (!(await authorized(route, { method: req.method!, path, query, headers: req.headers }, res))) return;
    const max = route.maxBytes ?? DEFAULT_MAX;
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > max) {
      req.resume();
      route.onRefused?.(413, `body of ${declared} bytes declared, over ${max}`);
      return reply(res, json(413, { error: `body over ${max} bytes` }));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max && !refused) {
        refused = true;
        route.onRefused?.(413, `body over ${max} bytes`);
        reply(res, json(413, { error: `body over ${max} bytes` }));
        req.destroy();
      } else if (!refused) chunks.push(c);
    });
    req.on('end', async () => {
      if (refused) return;
      try {
        const r = await route.handle({ method: req.method!, path, query, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        reply(res, r);
      } catch (err) {
        opts.diag?.error(`listener ${path} failed`, err);
        reply(res, json(500, { error: 'the console could not process this request; nothing was stored' }));
      }
    });
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  const hostForUrl = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${hostForUrl}:${port}`,
    port,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections?.();
      server.close(() => {
        for (const r of opts.routes) r.close?.();
        resolve();
      });
    }),
  };
}
