import type { LogEntry } from '../../src-preload/contract';
import type { LogRepo, NewLogEntry } from '../store/log-repo';
import type { EventBus } from './event-bus';
import type { Redactor } from './redactor';

export interface IntegrationLog {
  write(entry: Omit<NewLogEntry, 'ts'> & { ts?: number }): Promise<LogEntry>;
  flush(): void;
  /** For text stored elsewhere (job errors, run messages): the same masking as the log's own rows. */
  redact(text: string): string;
}

const MAX_DETAILS = 8_000;

/** How long new lines wait before they go into the search index together (search itself never waits: it indexes first). */
const INDEX_AFTER_MS = 500;

/**
 * Writes log rows (redacted) at once, streams them to the renderer in small batches, and adds them to the search
 * index in batches behind the writers.
 */
export function createIntegrationLog(repo: LogRepo, bus: EventBus, redactor: Redactor, now: () => number, onError: (err: unknown) => void = () => { }): IntegrationLog {
  let pending: LogEntry[] = [];
  let timer: NodeJS.Timeout | null = null;
  let indexTimer: NodeJS.Timeout | null = null;

  function indexSoon(delay = INDEX_AFTER_MS) {
    if (indexTimer) return;
    indexTimer = setTimeout(async () => {
      indexTimer = null;
      try {
        // A large backlog goes in chunks, the event loop free between them.
        if (await repo.indexPending() > 0 && await repo.unindexed() > 0) indexSoon(0);
      } catch (err) {
        onError(err);
        indexSoon(10 * INDEX_AFTER_MS);
      }
    }, delay);
    indexTimer.unref?.();
  }
  void repo.unindexed().then((n) => n > 0 && indexSoon(), onError);

  function flush() {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending.length === 0) return;
    const entries = pending;
    pending = [];
    bus.emit('log:appended', { entries });
  }

  return {
    async write(e) {
      const details = e.details ? redactor.redact(e.details).slice(0, MAX_DETAILS) : null;
      const entry = await repo.append({ ...e, ts: e.ts ?? now(), message: redactor.redact(e.message).slice(0, 2000), details });
      pending.push(entry);
      indexSoon();
      if (pending.length >= 200) flush();
      else if (!timer) {
        timer = setTimeout(flush, 100);
        timer.unref?.();
      }
      return entry;
    },
    flush,
    redact: (text) => redactor.redact(text),
  };
}
