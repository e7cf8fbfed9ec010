// Where a preview runs its task: a store the task may write as it likes, whose writes never reach the live one. On
// the desktop it is a copy of the SQLite file (SQLite's online backup), deleted after; on a team server, one
// PostgreSQL transaction that is rolled back (preview-scratch-pg.ts). Jobs the task queues there go to that store's
// jobs table only: no runner is given it, and nothing is ever sent.
import { join } from 'node:path';
import type { Connector } from '../connectors/connector';
import { createRegistry, type ConnectorRegistry } from '../connectors/registry';
import { openDatabase } from '../store/database';
import { createRepositories, type Repositories } from '../store/repositories';
import { createSqliteJobQueue, type JobQueue } from './job-queue';

export interface PreviewScratch {
  repos: Repositories;
  registry: ConnectorRegistry;
  queue: JobQueue;
  /** The jobs the task queued there, counted by kind. */
  jobsQueued(): Promise<{ kind: string; count: number }[]>;
  /** Aborted, with the reason, when the store gave the preview up before its task ended. */
  gaveWay: AbortSignal;
  /** Drops whatever the task wrote. */
  close(): Promise<void>;
}

export interface ScratchRequest {
  /** `connectorId/taskId`: one preview of a task at a time. */
  slot: string;
  /** A folder of the preview's own (the copy's file goes there); removed after. */
  dir: string;
}

/** A scratch store for one preview, or null when another preview of the same task holds the slot. */
export type OpenPreviewScratch = (request: ScratchRequest) => Promise<PreviewScratch | null>;

export interface ScratchDeps {
  connectors: () => Connector[];
  customerIdentity: string | null;
  now: () => number;
}

/** The desktop's: an online backup of the live SQLite file into the preview's folder. */
export function sqliteScratch(live: Repositories, d: ScratchDeps): OpenPreviewScratch {
  return async ({ dir }) => {
    const file = join(dir, 'copy.db');
    await live.maintenance.backupTo(file);
    const db = openDatabase(file);
    try {
      const registry = createRegistry(d.connectors(), db);
      const repos = createRepositories(db, { customerIdentity: d.customerIdentity });
      const jobsBefore = db.prepare(`SELECT COALESCE(MAX(id), 0) FROM jobs`).pluck().get() as number;
      return {
        repos,
        registry,
        queue: createSqliteJobQueue(repos, { now: d.now }),
        jobsQueued: async () => db.prepare(`SELECT kind, COUNT(*) AS count FROM jobs WHERE id > ? GROUP BY kind ORDER BY kind`).all(jobsBefore) as { kind: string; count: number }[],
        gaveWay: new AbortController().signal,
        close: async () => {
          db.close();
        },
      };
    } catch (err) {
      db.close();
      throw err;
    }
  };
}
