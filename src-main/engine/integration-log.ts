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

/**
 * When new lines go into the search index: once the writers have paused this long, or once the oldest line waiting has
 * waited `maxDeferMs` while they kept on. Indexing holds the one writer (an FTS5 segment and its merges per batch), so
 * during a burst (a sync run's lines) it would take turns from the writers; after it, it takes none. Search never waits
 * for it (it indexes what is pending first), and the filters read the lines not yet indexed by a scan.
 */
export interface IndexPacing {
  quietMs: number;
  maxDeferMs: number;
}
const INDEX_PACING: IndexPacing = { quietMs: 500, maxDeferMs: 5_000 };

/**
 * Writes log rows (redacted) at once (in the caller's transaction, or grouped with other writers' into one commit), streams them to the renderer in small batches, and adds them to the search
 * index in batches behind the writers.
 */
export function createIntegrationLog(
  repo: LogRepo,
  bus: EventBus,
  redactor: Redactor,
  now: () => number,
  onError: (err: unknown) => void = () => { },
  pacing: IndexPacing = INDEX_PACING,
): IntegrationLog & { stop(): void } {
  let pending: LogEntry[] = [];
  let timer: NodeJS.Timeout | null = null;
  let indexTimer: NodeJS.Timeout | null = null;
  // Monotonic, not `now` (the log's clock stamps lines and may be a test's).
  let lastWriteAt = 0;
  let oldestWaitingAt: number | null = null;
  let catchingUp = false;
  let stopped = false;

  function armIndexer(delay: number) {
    if (indexTimer || stopped) return;
    indexTimer = setTimeout(() => void runIndexer(), delay);
    indexTimer.unref?.();
  }

  function indexSoon() {
    lastWriteAt = performance.now();
    oldestWaitingAt ??= lastWriteAt;
    armIndexer(pacing.quietMs);
  }

  async function runIndexer() {
    indexTimer = null;
    if (!catchingUp) {
      const t = performance.now();
      const due = Math.min(lastWriteAt + pacing.quietMs, (oldestWaitingAt ?? t) + pacing.maxDeferMs);
      if (t < due) return armIndexer(due - t);
    }
    // Once begun, the backlog goes in whole, in chunks, the event loop (and the writers) free between them.
    catchingUp = true;
    try {
      if (await repo.indexPending() > 0 && await repo.unindexed() > 0) return armIndexer(0);
      catchingUp = false;
      oldestWaitingAt = null;
    } catch (err) {
      onError(err);
      catchingUp = false;
      armIndexer(10 * pacing.quietMs);
    }
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
    const entry = (repo.callerInTransaction() && (await repo.appendInOpenTransaction(row))) || (await grouped(row));
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
    /** Before the store closes: the indexer waits no more (the next start indexes what is left). */
    stop() {
      stopped = true;
      if (indexTimer) clearTimeout(indexTimer);
      indexTimer = null;
    },
  };
}
