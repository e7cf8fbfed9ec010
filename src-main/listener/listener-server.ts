import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { DiagnosticLog } from '../core/diagnostic-log';

export interface ListenerRequest {
  method: string;
  path: string;
  /** The query string (routes such as the CRM Agent's carry their key there). */
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
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

/** Inbound HTTP for pushes from back-office systems, apart from the console's own server. Bound to 127.0.0.1 unless told otherwise. */
export async function startListener(opts: { host: string; port: number; routes: ListenerRoute[]; diag?: DiagnosticLog }) {
  const server = createServer((req, res) => {
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
  });
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
