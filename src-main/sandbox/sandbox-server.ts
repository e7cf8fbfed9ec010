import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { createHash } from 'node:crypto';
import type { Faults } from '../../src-preload/contract';

export interface SandboxRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface SandboxReply {
  status: number;
  body?: string | object;
  headers?: Record<string, string>;
  /** Applied, and the answer lost: the connection drops instead of answering. */
  lose?: boolean;
}

export type SandboxRoute = (req: SandboxRequest, sandbox: SandboxServer) => SandboxReply | Promise<SandboxReply>;

export const NO_FAULTS: Faults = { latencyMs: 0, errorRate: 0, reset: false, hang: false, down: false };

const MAX_BODY = 5 * 1024 * 1024;

/** Deterministic number in [0, 1) from text: the same seed and request give the same fault, whatever the order. */
export function seededUnit(...parts: (string | number)[]): number {
  const h = createHash('sha256').update(parts.join('|')).digest();
  return h.readUInt32BE(0) / 2 ** 32;
}

/** Deterministic PRNG for seeding data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The base every connector simulator stands on: HTTP on 127.0.0.1, routes, switchable faults, and counters that let
 * tests prove a remote effect happened once per idempotency key.
 */
export class SandboxServer {
  faults: Faults = { ...NO_FAULTS };
  /**
   * Share of requests whose effect is applied but whose answer is lost (the connection drops after the route ran):
   * the case that proves a client retries with the same key and the remote does not apply it twice.
   */
  lostReplyRate = 0;
  lostReplies = 0;
  /** The next this-many requests are applied and their answers lost (a deterministic lost reply, for tests). */
  loseNextReplies = 0;
  /** A wait between applying a request and answering it: a crash in that window leaves the outcome unknown. */
  answerDelayMs = 0;
  requests = 0;
  faultsInjected = 0;
  /** Calls seen per idempotency key (retries included). */
  readonly callsByKey = new Map<string, number>();
  /** Remote effects applied per idempotency key: must never exceed 1. */
  readonly effectsByKey = new Map<string, number>();
  private server: Server | null = null;
  private port = 0;
  private readonly sockets = new Set<Socket>();
  private readonly hanging = new Set<ServerResponse>();
  private readonly calls = new Map<string, number>();

  constructor(
    readonly name: string,
    readonly seed: number,
    private readonly routes: Record<string, SandboxRoute>,
    private readonly fallback?: SandboxRoute,
  ) {}

  get url(): string | null {
    return this.port ? `http://127.0.0.1:${this.port}` : null;
  }

  get running(): boolean {
    return this.server !== null;
  }

  async start(port = 0): Promise<string> {
    if (this.server) return this.url!;
    const server = createServer((req, res) => void this.handle(req, res));
    // Real servers keep idle connections far longer than Node's 5 s (IIS: 120 s): a client's pool then always drops an
    // idle socket first, instead of racing the server's close with its next request (a spurious reset).
    server.keepAliveTimeout = 65_000;
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port || this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as { port: number }).port;
    return this.url!;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** "down" closes the listener for real (connection refused); switching it off listens again on the same port. */
  async setFaults(next: Partial<Faults>): Promise<Faults> {
    const wasDown = this.faults.down;
    this.faults = { ...this.faults, ...next };
    if (this.faults.down && !wasDown && this.server) {
      const port = this.port;
      await this.stop();
      this.port = port;
    } else if (!this.faults.down && wasDown && !this.server) {
      await this.start(this.port);
    }
    if (!this.faults.hang) {
      for (const res of this.hanging) res.destroy();
      this.hanging.clear();
    }
    return this.faults;
  }

  /** Called by a route when it applies a remote effect for a key. Returns true the first time only. */
  recordEffect(key: string): boolean {
    const n = (this.effectsByKey.get(key) ?? 0) + 1;
    this.effectsByKey.set(key, n);
    return n === 1;
  }

  resetCounters(): void {
    this.requests = 0;
    this.faultsInjected = 0;
    this.callsByKey.clear();
    this.effectsByKey.clear();
    this.calls.clear();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests++;
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
    if (key) this.callsByKey.set(key, (this.callsByKey.get(key) ?? 0) + 1);
    const callId = key ?? `${req.method} ${url.pathname}${url.search}`;
    const n = (this.calls.get(callId) ?? 0) + 1;
    this.calls.set(callId, n);

    if (this.faults.latencyMs > 0) await new Promise((r) => setTimeout(r, this.faults.latencyMs));
    if (this.faults.hang) return this.hang(res);
    if (this.faults.reset) return this.reset(req);
    if (this.faults.errorRate > 0 && seededUnit(this.seed, callId, n) < this.faults.errorRate) {
      this.faultsInjected++;
      // A seeded mix of the failures real systems give: 503, a reset connection, and no answer at all.
      const pick = seededUnit(this.seed, 'kind', callId, n);
      if (pick < 1 / 3) return this.send(res, { status: 503, body: { status: 503, message: 'Service Unavailable (sandbox fault)' } });
      if (pick < 2 / 3) return this.reset(req);
      return this.hang(res);
    }

    let body: string;
    try {
      body = await readBody(req);
    } catch (err) {
      return this.send(res, { status: 413, body: { status: 413, message: (err as Error).message } });
    }
    const route = this.routes[`${req.method} ${url.pathname}`] ?? this.matchPattern(req.method ?? 'GET', url.pathname) ?? this.fallback;
    if (!route) return this.send(res, { status: 404, body: { status: 404, message: `no route ${req.method} ${url.pathname}` } });
    try {
      const reply = await route({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body }, this);
      if (this.answerDelayMs > 0) await new Promise((r) => setTimeout(r, this.answerDelayMs));
      if (reply.lose || this.loseNextReplies > 0) {
        if (!reply.lose) this.loseNextReplies--;
        this.lostReplies++;
        return this.reset(req);
      }
      if (this.lostReplyRate > 0 && seededUnit(this.seed, 'lost', callId, n) < this.lostReplyRate) {
        this.lostReplies++;
        return this.reset(req);
      }
      this.send(res, reply);
    } catch (err) {
      this.send(res, { status: 500, body: { status: 500, message: `sandbox error: ${(err as Error).message}` } });
    }
  }

  private matchPattern(method: string, path: string): SandboxRoute | undefined {
    for (const [pattern, route] of Object.entries(this.routes)) {
      const [m, p] = pattern.split(' ');
      if (m !== method || !p || !p.includes(':')) continue;
      const re = new RegExp(`^${p.replace(/:[a-zA-Z]+/g, '[^/]+')}$`);
      if (re.test(path)) return route;
    }
    return undefined;
  }

  private hang(res: ServerResponse): void {
    this.hanging.add(res);
    res.on('close', () => this.hanging.delete(res));
  }

  private reset(req: IncomingMessage): void {
    req.socket.resetAndDestroy?.() ?? req.socket.destroy();
  }

  private send(res: ServerResponse, reply: SandboxReply): void {
    if (res.destroyed) return;
    const isText = typeof reply.body === 'string';
    const payload = reply.body === undefined ? '' : isText ? (reply.body as string) : JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
      ...reply.headers,
    });
    res.end(payload);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error(`request body over ${MAX_BODY} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
