// Parsing a remote's pages on a thread of its own: a page's JSON.parse and its validation take as long as storing it,
// and on the main thread they hold up every contract call and the next page's store. The connector's worker entry
// (serveParsers in off-thread-parser-worker.ts) names its parsers; the host sends each page's text and gets records
// back, or the parser's RemoteError as it was thrown. One thread a connector, started on first use, never holding the
// process open.
import type { Worker, WorkerOptions } from 'node:worker_threads';
import { RemoteError, type FailureKind } from './remote-error';

/** How one kind of page is read: its text decoded, how many records it holds (known before they are validated), its records. */
export interface PageParser {
  decode(text: string, what: string, excerpt: string): unknown;
  size(body: unknown): number | null;
  records(body: unknown, what: string, excerpt: string): unknown[];
}

export type PageParsers = Record<string, PageParser>;

/** A page parsed where it is read (no thread). */
export function parseHere(parser: PageParser, text: string, what: string, excerpt: string, onSize?: (n: number) => void): unknown[] {
  const body = parser.decode(text, what, excerpt);
  const n = parser.size(body);
  if (n !== null) onSize?.(n);
  return parser.records(body, what, excerpt);
}

export interface ParseRequest {
  id: number;
  kind: string;
  text: string;
  what: string;
  excerpt: string;
}

export type ParseAnswer =
  | { id: number; size: number }
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { remote: boolean; kind: FailureKind; message: string; extra: RemoteError['extra'] } };

export interface OffThreadParser {
  /**
   * The parser `kind`'s records for a page's text, or the RemoteError it threw. onSize hears how many records the page
   * holds once it is decoded, before they are validated.
   */
  parse<T>(kind: string, text: string, what: string, excerpt: string, onSize?: (n: number) => void): Promise<T[]>;
  /** Ends the thread (the next parse starts another). */
  close(): Promise<void>;
}

export function createOffThreadParser(startWorker: (options: WorkerOptions) => Worker, name: string): OffThreadParser {
  let worker: Worker | null = null;
  let nextId = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void; onSize?: (n: number) => void }>();

  const failAll = (why: string) => {
    for (const w of waiting.values()) w.reject(new RemoteError('local', `${name}: the parsing thread stopped (${why}); the page was not read`));
    waiting.clear();
  };

  const started = (): Worker => {
    if (worker) return worker;
    const w = startWorker({ name });
    w.on('message', (a: ParseAnswer) => {
      const pending = waiting.get(a.id);
      if (!pending) return;
      if ('size' in a) {
        pending.onSize?.(a.size);
        return;
      }
      waiting.delete(a.id);
      if (a.ok) pending.resolve(a.value);
      else pending.reject(a.error.remote ? new RemoteError(a.error.kind, a.error.message, a.error.extra) : new RemoteError('local', a.error.message));
      if (waiting.size === 0) w.unref();
    });
    w.on('error', (err) => failAll(err.message));
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      failAll(`exit code ${code}`);
    });
    w.unref();
    worker = w;
    return w;
  };

  return {
    parse<T>(kind: string, text: string, what: string, excerpt: string, onSize?: (n: number) => void): Promise<T[]> {
      const w = started();
      const id = nextId++;
      return new Promise<T[]>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject, onSize });
        // Held open while a page is being parsed, so a caller awaiting it is not left with an empty event loop.
        w.ref();
        w.postMessage({ id, kind, text, what, excerpt } satisfies ParseRequest);
      });
    },
    async close() {
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}
