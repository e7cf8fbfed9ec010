import { readFile, writeFile } from 'node:fs/promises';
import type { CoreServices } from '../core/services';
import type { Handlers } from './router';
import { AppErrorException } from '../errors/app-error';
import { exportFileName, runExport } from '../export/run-export';
import { CopyRefusedError } from '../ops/database-copy';
import { cancelRestore, stageRestore, stagedRestore } from '../ops/restore';
import type { ConnectorRegistry } from '../connectors/registry';
import { PG_BACKUP_WORDS } from '../store/postgres/maintenance-repo';
import { ConfigFileRefusedError, exportConfig, importConfig, parseConfig, previewConfig } from '../ops/config-transfer';

type OpsChannels =
  | 'ops:retention'
  | 'ops:save-retention'
  | 'ops:cleanup'
  | 'ops:backups'
  | 'ops:save-backup-settings'
  | 'ops:backup-now'
  | 'ops:restore'
  | 'ops:cancel-restore'
  | 'ops:export-config'
  | 'ops:preview-config'
  | 'ops:import-config';

async function retentionView(s: CoreServices) {
  return { settings: await s.ops.retention.settings(), running: s.ops.retention.running(), lastCleanup: await s.ops.retention.lastCleanup() };
}

async function backupView(s: CoreServices) {
  if (s.storeKind === 'postgres')
    return { settings: await s.ops.backups.settings(), folder: await s.ops.backups.folder(), lastBackupAt: null, backups: [], stagedRestore: null, teamServer: { message: PG_BACKUP_WORDS } };
  return { settings: await s.ops.backups.settings(), folder: await s.ops.backups.folder(), lastBackupAt: await s.ops.backups.lastAt(), backups: await s.ops.backups.list(), stagedRestore: stagedRestore(s.paths), teamServer: null };
}

/** A team server's database is not a file SyncDesk copies: its backup channels say so instead of pretending. */
function fileBackupsOnly(s: CoreServices): void {
  if (s.storeKind === 'postgres') throw new AppErrorException('conflict', PG_BACKUP_WORDS);
}

async function configText(input: { path: string } | { text: string }): Promise<string> {
  if ('text' in input) return input.text;
  try {
    return await readFile(input.path, 'utf8');
  } catch (err) {
    throw new AppErrorException('not_found', `The configuration file ${input.path} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
  }
}

function parsed(text: string, registry: ConnectorRegistry) {
  try {
    return parseConfig(text, (connectorId, key) => registry.get(connectorId)?.settings.fields.find((f) => f.key === key)?.label);
  } catch (err) {
    if (err instanceof ConfigFileRefusedError) throw new AppErrorException('invalid_input', err.message, [], err.detail);
    throw err;
  }
}

export function createOpsHandlers(s: CoreServices): Pick<Handlers, OpsChannels> {
  return {
    'ops:retention': () => retentionView(s),
    'ops:save-retention': async (input) => {
      await s.ops.retention.save(input);
      return retentionView(s);
    },
    'ops:cleanup': () => s.ops.retention.run(),
    'ops:backups': () => backupView(s),
    'ops:save-backup-settings': async (input) => {
      fileBackupsOnly(s);
      await s.ops.backups.save(input);
      return backupView(s);
    },
    'ops:backup-now': () => {
      fileBackupsOnly(s);
      return s.ops.backups.run();
    },
    'ops:restore': (input) => {
      fileBackupsOnly(s);
      try {
        const staged = stageRestore(s.paths, input.path);
        return {
          staged: true as const,
          schemaVersion: staged.schemaVersion,
          message: 'The copy passed its checks and is staged. Restart SyncDesk to finish the restore; the current database will be kept in backups/ as before-restore-<time>.db.',
        };
      } catch (err) {
        if (err instanceof CopyRefusedError) throw new AppErrorException('invalid_input', `Not restored: ${err.message}`, [{ path: 'path', message: err.message }]);
        throw err;
      }
    },
    'ops:cancel-restore': () => {
      fileBackupsOnly(s);
      cancelRestore(s.paths);
      return backupView(s);
    },
    'ops:export-config': async () => {
      const file = await exportConfig(s.ops.config);
      const items = file.connections.length + file.references.length + file.caseFields.length + file.templates.length + file.rules.length + file.emailTemplates.length + file.schedules.length;
      return runExport({ hooks: s.hooks, exportsDir: s.paths.exports }, exportFileName('configuration', 'json', new Date(s.now())), async (path) => {
        await writeFile(path, JSON.stringify(file, null, 2), { mode: 0o600 });
        return items;
      });
    },
    'ops:preview-config': async (input) => previewConfig(s.ops.config, parsed(await configText(input), s.ops.config.registry)),
    'ops:import-config': async (input) => importConfig(s.ops.config, parsed(await configText(input), s.ops.config.registry), input.secrets),
  };
}
