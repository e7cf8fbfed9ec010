import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { networkInterfaces } from 'node:os';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** Where the console is served: Host and Origin must name one of these at its port, or a public origin. */
export interface ServedAt {
  port: number;
  scheme: 'http' | 'https';
  /** Origins the server is reached at besides its own addresses (a proxy's public name, `--public-url`). */
  publicOrigins: readonly string[];
  /** The addresses it listens on as a Host header writes them (`192.0.2.10`, `[fd00::2]`), beside loopback's names. */
  addresses: readonly string[];
}

const hostForm = (address: string) => (address.includes(':') ? `[${address.toLowerCase()}]` : address);

const WILDCARDS = new Set(['0.0.0.0', '::', '::0']);

/**
 * The addresses a bind answers at, as Host headers name them: the address itself, or every interface's for a
 * wildcard. An IP literal cannot be rebound by a hostile page's DNS, so naming one of ours is not a rebinding.
 */
export function addressesOf(bind: string, interfaces: ReturnType<typeof networkInterfaces> = networkInterfaces()): string[] {
  if (!WILDCARDS.has(bind)) return [hostForm(bind)];
  const all = Object.values(interfaces).flatMap((list) => list ?? []);
  return [...new Set(all.filter((i) => bind === '0.0.0.0' ? i.family === 'IPv4' : true).map((i) => hostForm(i.address)))];
}

/** The address a URL for this bind names: loopback for loopback and wildcard binds, else the address itself. */
export function urlHostOf(bind: string): string {
  return WILDCARDS.has(bind) ? '127.0.0.1' : hostForm(bind);
}

/**
 * Only our own host:port may be named: a page on another site that rebinds its DNS to 127.0.0.1 is refused. A team
 * server reached under a public name (`--public-url`) also answers that name, and no other.
 */
export function hostAllowed(host: string | undefined, at: ServedAt): boolean {
  if (!host) return false;
  const h = host.toLowerCase();
  return [...LOOPBACK_NAMES, ...at.addresses].some((name) => h === `${name}:${at.port}`) || at.publicOrigins.some((o) => new URL(o).host === h);
}

/** A browser sends Origin on cross-site requests and on WebSocket upgrades; it must be our own (https when we serve TLS). */
export function originAllowed(origin: string | undefined, at: ServedAt): boolean {
  if (origin === undefined) return true;
  const o = origin.toLowerCase();
  return [...LOOPBACK_NAMES, ...at.addresses].some((name) => o === `${at.scheme}://${name}:${at.port}`) || at.publicOrigins.includes(o);
}

/** The origin a `--public-url` names (https://host[:port]), refused in plain words where it is not one. */
export function publicOriginOf(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`--public-url ${url} is not a web address (e.g. https://syncdesk.example.com)`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error(`--public-url ${url} must start with https:// (or http://)`);
  if (parsed.username || parsed.password || (parsed.pathname !== '/' && parsed.pathname !== '') || parsed.search || parsed.hash)
    throw new Error(`--public-url ${url} must be the server's address alone, e.g. ${parsed.origin}`);
  return parsed.origin.toLowerCase();
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** Compares in constant time (over fixed-length digests, so the length leaks nothing either). */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string' || given.length === 0 || given.length > 512) return false;
  return timingSafeEqual(digest(expected), digest(given));
}

export function bearerOf(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  if (!h || !h.startsWith('Bearer ')) return null;
  return h.slice('Bearer '.length).trim();
}
