import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import sirv from 'sirv';
import { WebSocketServer, type WebSocket } from 'ws';
import { fail, SESSION_ENDED_CLOSE } from '../../src-preload/contract';
import { BodyTooLarge, readBody, SECURITY_HEADERS, send } from './http-io';
import type { CoreHandle } from '../core/core-handle';
import { addressesOf, bearerOf, hostAllowed, originAllowed, tokenMatches, urlHostOf, type ServedAt } from './request-guard';
import { createLimitedServer, HEADLESS_LIMITS, type HttpLimits } from '../listener/http-limits';
import type { SignedIn } from '../staff/staff-sessions';
import type { TeamGuard } from './team-guard';

export interface HeadlessServerOptions {
  host: string;
  port: number;
  rendererDir: string;
  exportsDir: string;
  token?: string;
  maxBodyBytes?: number;
  /** Timeouts and the connection cap, where not HEADLESS_LIMITS (tests use small ones). */
  limits?: Partial<HttpLimits>;
  /** Team mode: staff sign in (cookie sessions, CSRF, roles) instead of the per-start token. */
  team?: TeamGuard;
  /** Team mode: how often open live-events sockets are checked against their sessions (expiry); 5 s. */
  sessionSweepMs?: number;
  /** HTTPS with this certificate and key (PEM) instead of HTTP. */
  tls?: { cert: Buffer; key: Buffer };
  /** This engine's host name, named in a team server's export links (os.hostname()). */
  engineHost?: string;
}

/** What a host name may hold (RFC 1123 letters, digits, hyphens and dots); a link's other text is not repeated. */
const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})$/;

/**
 * Headless mode: the renderer build and the contract over HTTP + WebSocket, on loopback behind a per-start token, or
 * (a team server) behind staff sign-in, on the address `host` names.
 */
export async function startHeadlessServer(core: CoreHandle, opts: HeadlessServerOptions) {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const maxBody = opts.maxBodyBytes ?? 2 * 1024 * 1024;
  if (!existsSync(join(opts.rendererDir, 'index.html')))
    throw new Error(`the renderer build is missing at ${opts.rendererDir}; run \`npm run build\` first`);
  const statics = sirv(opts.rendererDir, {
    single: true,
    etag: true,
    setHeaders: (res) => {
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    },
  });
  const engineHost = opts.engineHost ?? hostname();
  /** Why an export link finds no file here, in words: on a team server, whose exports folder it went to. */
  const missingExport = (writer: string | null): string => {
    if (!team || !writer || !HOST_NAME.test(writer)) return 'No such export.';
    const fix = 'Export again here, or start every engine with one shared folder for their files (--files-dir).';
    return writer === engineHost
      ? `No such export in this engine's exports folder: another engine on this host (${writer}) with a folder of its own wrote it, or it was removed. ${fix}`
      : `This export was written to the exports folder of the engine on ${writer}; this engine (on ${engineHost}) does not have it. ${fix}`;
  };
  let port = 0;
  const scheme = opts.tls ? 'https' : 'http';

  const team = opts.team;
  const at: ServedAt = { port: 0, scheme, publicOrigins: team?.publicOrigins ?? [], addresses: addressesOf(opts.host) };
  const ownOrigin = (req: IncomingMessage) => originAllowed(req.headers.origin, at);
  const ownHost = (req: IncomingMessage) => hostAllowed(req.headers.host, at);
  /** Token mode: the token's holder; team mode: who the session cookie signs in. */
  async function callerOf(req: IncomingMessage, queryToken: string | null): Promise<SignedIn | 'token' | null> {
    if (team) return await team.caller(req);
    return tokenMatches(token, queryToken ?? bearerOf(req)) ? 'token' : null;
  }

  async function api(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    const caller = await callerOf(req, null);
    if (!caller) return send(res, 401, fail('forbidden', team ? 'Sign in to use the console.' : 'Missing or wrong session token.'));
    if (req.method !== 'POST') return send(res, 405, fail('invalid_input', 'Use POST.'));
    if (!ownOrigin(req)) return send(res, 403, fail('forbidden', 'Cross-origin request refused.'));
    if (team && caller !== 'token' && !team.csrfMatches(req, caller))
      return send(res, 403, fail('forbidden', 'Refused: the request did not carry this session’s CSRF token (X-CSRF-Token). Reload the console.'));
    let input: unknown;
    try {
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > maxBody) throw new BodyTooLarge(`the request body is over ${maxBody} bytes`);
      const text = await readBody(req, maxBody);
      input = text.trim() === '' ? {} : JSON.parse(text);
    } catch (err) {
      if (err instanceof BodyTooLarge) return send(res, 413, fail('invalid_input', `The request is too large: ${err.message}.`));
      return send(res, 400, fail('invalid_input', `The request body is not valid JSON: ${(err as Error).message}`));
    }
    const result = team && caller !== 'token' ? await team.dispatch(caller, channel, input) : await core.dispatch(channel, input);
    // A user disabled (or changed) here is signed out at once, their live-events sockets with them.
    if (result.ok && channel.startsWith('staff:')) void sweepSockets();
    send(res, !result.ok && result.error.code === 'forbidden' ? 403 : 200, result);
  }

  async function download(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!(await callerOf(req, url.searchParams.get('token')))) return send(res, 401, fail('forbidden', team ? 'Sign in to download.' : 'Missing or wrong session token.'));
    let name: string;
    try {
      name = basename(decodeURIComponent(url.pathname.slice('/downloads/'.length)));
    } catch {
      return send(res, 400, fail('invalid_input', 'Malformed file name.'));
    }
    const file = join(opts.exportsDir, name);
    if (!name || name.startsWith('.') || !existsSync(file) || !statSync(file).isFile()) return send(res, 404, fail('not_found', missingExport(url.searchParams.get('engine'))));
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': name.endsWith('.csv') ? 'text/csv; charset=utf-8' : 'application/octet-stream',
      'content-disposition': `attachment; filename="${name.replace(/"/g, '')}"`,
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(res);
  }

  const server = createLimitedServer(HEADLESS_LIMITS, opts.limits, (req, res) => {
    if (!ownHost(req)) return send(res, 403, fail('forbidden', 'Unexpected Host header.'));
    // Whatever a request line holds, a bad one gets a 400: nothing a client sends may take the server down.
    let url: URL;
    let channel: string | null = null;
    try {
      url = new URL(req.url ?? '/', `${scheme}://127.0.0.1:${port}`);
      if (url.pathname.startsWith('/api/')) channel = decodeURIComponent(url.pathname.slice('/api/'.length));
    } catch {
      return send(res, 400, fail('invalid_input', 'Malformed request URL.'));
    }
    if (channel !== null) {
      void api(req, res, channel).catch(() => send(res, 500, fail('internal', 'The request failed.')));
      return;
    }
    if (url.pathname.startsWith('/downloads/')) {
      void download(req, res, url).catch(() => send(res, 500, fail('internal', 'The download failed.')));
      return;
    }
    if (team && url.pathname.startsWith('/auth/')) {
      if (req.method === 'POST' && !ownOrigin(req)) return send(res, 403, fail('forbidden', 'Cross-origin request refused.'));
      void team
        .route(req, res, url.pathname)
        .then(() => (url.pathname === '/auth/sign-out' ? sweepSockets() : undefined))
        .catch(() => send(res, 500, fail('internal', 'The request failed.')));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, fail('invalid_input', 'Method not allowed.'));
    statics(req, res, () => send(res, 404, fail('not_found', 'Not found.')));
  }, opts.tls);

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://x');
    } catch {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      return;
    }
    const okay = url.pathname === '/events' && ownHost(req) && ownOrigin(req);
    // Team mode: the session cookie, which the browser sends with the upgrade; otherwise the token in the URL.
    void (okay ? callerOf(req, team ? null : (url.searchParams.get('token') ?? '')) : Promise.resolve(null))
      .catch(() => null)
      .then((caller) => {
        if (!caller) socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
        else wss.handleUpgrade(req, socket, head, (ws) => attach(ws, caller === 'token' ? null : caller.session.tokenHash));
      });
  });

  // Team mode: each live-events socket with the session it was opened under. A session that ends (signed out,
  // expired, its user disabled) closes its sockets: at once where this server ended it, else at the next sweep.
  const sessionSockets = new Map<WebSocket, string>();
  let sweeping: Promise<void> | null = null;
  let again = false;
  async function sweepOnce(): Promise<void> {
    for (const [ws, tokenHash] of [...sessionSockets]) {
      const valid = await team!.stillSignedIn(tokenHash).catch(() => true);
      if (!valid) {
        sessionSockets.delete(ws);
        ws.close(SESSION_ENDED_CLOSE, 'Your session has ended: sign in again.');
      }
    }
  }
  /** One sweep at a time; one asked for while another runs follows it (it may have passed the socket already). */
  function sweepSockets(): Promise<void> {
    if (!team || sessionSockets.size === 0) return Promise.resolve();
    if (sweeping) {
      again = true;
      return sweeping;
    }
    sweeping = (async () => {
      do {
        again = false;
        await sweepOnce();
      } while (again);
    })().finally(() => (sweeping = null));
    return sweeping;
  }
  const sweepTimer = team ? setInterval(() => void sweepSockets(), opts.sessionSweepMs ?? 5_000) : null;
  sweepTimer?.unref();

  function attach(ws: WebSocket, tokenHash: string | null): void {
    if (tokenHash) sessionSockets.set(ws, tokenHash);
    const off = core.onEvent((event, payload) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event, payload }));
    });
    const done = () => {
      off();
      sessionSockets.delete(ws);
    };
    ws.on('close', done);
    ws.on('error', done);
    // The socket only carries events out; anything sent in is ignored.
    ws.on('message', () => undefined);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  port = (server.address() as { port: number }).port;
  at.port = port;
  const base = `${scheme}://${urlHostOf(opts.host)}:${port}`;
  return {
    port,
    token,
    url: team ? `${base}/` : `${base}/?token=${token}`,
    base,
    // A team server's link names the engine that wrote the file: another engine, with a folder of its own, says so.
    downloadUrlFor: (fileName: string) => `/downloads/${encodeURIComponent(fileName)}?${team ? `engine=${encodeURIComponent(engineHost)}` : `token=${token}`}`,
    async close(): Promise<void> {
      if (sweepTimer) clearInterval(sweepTimer);
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
