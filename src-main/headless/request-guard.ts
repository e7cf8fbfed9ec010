import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * Only our own host:port may be named: a page on another site that rebinds its DNS to 127.0.0.1 is refused. A team
 * server reached under a public name (`--public-url`) also answers that name, and no other.
 */
export function hostAllowed(host: string | undefined, port: number, publicOrigins: readonly string[] = []): boolean {
  if (!host) return false;
  const h = host.toLowerCase();
  return LOOPBACK_NAMES.some((name) => h === `${name}:${port}`) || publicOrigins.some((o) => new URL(o).host === h);
}

/** A browser sends Origin on cross-site requests and on WebSocket upgrades; it must be our own (https when we serve TLS). */
export function originAllowed(origin: string | undefined, port: number, publicOrigins: readonly string[] = [], scheme: 'http' | 'https' = 'http'): boolean {
  if (origin === undefined) return true;
  const o = origin.toLowerCase();
  return LOOPBACK_NAMES.some((name) => o === `${scheme}://${name}:${port}`) || publicOrigins.includes(o);
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
