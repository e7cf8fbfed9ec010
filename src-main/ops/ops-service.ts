import type { Repositories } from '../store/repositories';
import type { ConnectorRegistry } from '../connectors/registry';
import type { CredentialStore } from '../secrets/credential-store';
import type { DataPaths } from '../config/data-dir';
import { createRetention } from './retention';
import { createBackups } from './backup';

export interface OpsDeps {
  repos: Repositories;
  registry: ConnectorRegistry;
  credentials: CredentialStore;
  paths: DataPaths;
  version: string;
  now: () => number;
  onError: (what: string, err: unknown) => void;
  /** How often the schedule looks whether cleanup or a backup is due. */
  tickMs?: number;
  retentionBatchSize?: number;
  /** false on a team server: its database is backed up with pg_dump, so no scheduled file backup runs. */
  fileBackups?: boolean;
}

const DAY = 86_400_000;

/** Retention and backups, on demand and on their schedule (cleanup daily; backups as Settings > Backup says). */
export function createOpsService(deps: OpsDeps) {
  const retention = createRetention({ repos: deps.repos, databaseFile: deps.paths.database, now: deps.now, batchSize: deps.retentionBatchSize });
  const backups = createBackups({ repos: deps.repos, root: deps.paths.root, now: deps.now });
  let timer: NodeJS.Timeout | null = null;
  let ticking = false;

  async function tick(): Promise<void> {
    if (ticking) return;
    ticking = true;
    try {
      const last = await retention.lastCleanup();
      if (!last || deps.now() - last.startedAt >= DAY) await retention.run();
      if ((deps.fileBackups ?? true) && (await backups.due())) await backups.run();
    } finally {
      ticking = false;
    }
  }

  return {
    retention,
    backups,
    config: { repos: deps.repos, registry: deps.registry, credentials: deps.credentials, version: deps.version, now: deps.now },
    tick,
    start(): void {
      // A cleanup cut short (a crash) left the search index's own merging off.
      void deps.repos.maintenance.resumeIndexMerges().catch((err: unknown) => deps.onError('search index merging', err));
      timer ??= setInterval(() => void tick().catch((err: unknown) => deps.onError('retention and backup schedule', err)), deps.tickMs ?? 10 * 60_000);
      timer.unref();
    },
    stop(): void {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

export type OpsService = ReturnType<typeof createOpsService>;
