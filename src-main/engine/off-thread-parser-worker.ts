// The worker's side of off-thread-parser.ts: answers each page with its parser's result, or with the error it threw
// (a RemoteError keeps its kind and details; anything else is a fault of ours, reported as such).
import { parentPort } from 'node:worker_threads';
import { RemoteError } from './remote-error';
import { parseHere, type PageParsers, type ParseAnswer, type ParseRequest } from './off-thread-parser';

export function serveParsers(parsers: PageParsers): void {
  const port = parentPort;
  if (!port) throw new Error('serveParsers runs in a worker thread');
  port.on('message', (r: ParseRequest) => {
    let answer: ParseAnswer;
    try {
      const parser = parsers[r.kind];
      if (!parser) throw new Error(`no parser for ${r.kind}`);
      // The size goes ahead of the records, so the next page can be asked for while these are validated.
      answer = { id: r.id, ok: true, value: parseHere(parser, r.text, r.what, r.excerpt, (size) => port.postMessage({ id: r.id, size } satisfies ParseAnswer)) };
    } catch (err) {
      answer =
        err instanceof RemoteError
          ? { id: r.id, ok: false, error: { remote: true, kind: err.kind, message: err.message, extra: err.extra } }
          : { id: r.id, ok: false, error: { remote: false, kind: 'local', message: `${r.what}: ${(err as Error).message}`, extra: {} } };
    }
    port.postMessage(answer);
  });
}
