import type { LogEntry } from '../../src-preload/contract';
import type { LogRepo, NewLogEntry } from '../store/log-repo';
import type { EventBus } from './event-bus';
import type { Redactor } from './redactor';

export interface IntegrationLog {
  write(entry: Omit<NewLogEntry, 'ts'> & { ts?: number }): Promise<LogEntry>;
  flush(): void;
  /** Once every grouped write has been committed (or refused): the store may close then. */
  settled(): Promise<void>;
  /** For text stored elsewhere (job errors, run messages): the same masking as the log's own rows. */
  redact(text: string): string;
}

const MAX_DETAILS = 8_000;
const MAX_MESSAGE = 2_000;

/** A line as the log stores it: masked, cut to the log's lengths, stamped. */
export function logRowOf(e: Omit<NewLogEntry, 'ts'> & { ts?: number }, redactor: Redactor, now: () => number): NewLogEntry {
  return { ...e, ts: e.ts ?? now(), message: redactor.redact(e.message).slice(0, MAX_MESSAGE), details: e.details ? redactor.redact(e.details).slice(0, MAX_DETAILS) : null };
}

/** How long new lines wait before they go into the search index together (search itself never waits: it indexes first). */
const INDEX_AFTER_MS = 500;

/**
 * Writes log rows (redacted) at once (in the caller's transaction, or grouped with other writers' into one commit), streams them to the renderer in small batches, and adds them to the search
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

  // Writers outside any transaction that come in the same turn share one commit (one fsync instead of one each); each
  // write still answers only once its row is durable.
  let group: { row: NewLogEntry; resolve: (e: LogEntry) => void; reject: (err: unknown) => void }[] = [];
  let groupTimer: NodeJS.Immediate | null = null;
  const committing = new Set<Promise<void>>();
  const writing = new Set<Promise<LogEntry>>();
  function commitGroup() {
    if (groupTimer) clearImmediate(groupTimer);
    groupTimer = null;
    const members = group;
    group = [];
    if (members.length === 0) return;
    const done = repo.appendBatch(members.map((m) => m.row)).then(
      (entries) => entries.forEach((entry, i) => members[i]!.resolve(entry)),
      (err: unknown) => members.forEach((m) => m.reject(err)),
    );
    committing.add(done);
    void done.finally(() => committing.delete(done));
  }
  function grouped(row: NewLogEntry): Promise<LogEntry> {
    return new Promise((resolve, reject) => {
      if (group.length === 0) groupTimer = setImmediate(commitGroup);
      group.push({ row, resolve, reject });
    });
  }

  async function writeOne(e: Omit<NewLogEntry, 'ts'> & { ts?: number }): Promise<LogEntry> {
    const row = logRowOf(e, redactor, now);
    // Inside a transaction the line commits with the change it is about; outside, with its group.
    const entry = (await repo.appendInOpenTransaction(row)) ?? (await grouped(row));
    pending.push(entry);
    indexSoon();
    if (pending.length >= 200) flush();
    else if (!timer) {
      timer = setTimeout(flush, 100);
      timer.unref?.();
    }
    return entry;
  }

  return {
    write(e) {
      const written = writeOne(e);
      writing.add(written);
      void written.then(
        () => writing.delete(written),
        () => writing.delete(written),
      );
      return written;
    },
    flush,
    async settled() {
      while (writing.size > 0 || committing.size > 0) {
        commitGroup();
        await Promise.allSettled([...writing, ...committing]);
      }
    },
    redact: (text) => redactor.redact(text),
  };
}
