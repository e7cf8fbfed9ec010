import { z } from 'zod';
import { Empty, SafeRecord } from './common';
import { ExportResult } from './models';
import { BackupFile, BackupSettings, BackupView, CleanupResult, ConfigImportResult, ConfigPreview, RestoreResult, RetentionSettings, RetentionView } from './ops-models';

const FilePath = z
  .string()
  .trim()
  .min(1, 'a file path')
  .max(4_096)
  .regex(/^\P{Cc}*$/u, 'a file path has no control characters')
  .regex(/^(\/|[A-Za-z]:[\\/]|\\\\)/, 'a full path (starting at / or a drive letter), not one relative to where SyncDesk runs');
/** A configuration file by its path on this machine, or its text (headless mode uploads it). */
const ConfigSource = z.union([z.object({ path: FilePath }).strict(), z.object({ text: z.string().min(1).max(20_000_000) }).strict()]);

/** Settings > Retention and Backup, and configuration promotion. */
export const opsChannels = {
  'ops:retention': { input: Empty, output: RetentionView },
  'ops:save-retention': { input: RetentionSettings.partial().strict(), output: RetentionView },
  // Cleanup now (it also runs once a day by itself).
  'ops:cleanup': { input: Empty, output: CleanupResult },
  'ops:backups': { input: Empty, output: BackupView },
  'ops:save-backup-settings': { input: BackupSettings.extend({ folder: FilePath.nullable() }).partial().strict(), output: BackupView },
  'ops:backup-now': { input: Empty, output: BackupFile },
  // Checks the copy and stages it; the next start puts it in place (the database it replaces is kept in backups/).
  'ops:restore': { input: z.object({ path: FilePath }).strict(), output: RestoreResult },
  'ops:cancel-restore': { input: Empty, output: BackupView },
  'ops:export-config': { input: Empty, output: ExportResult },
  'ops:preview-config': { input: ConfigSource, output: ConfigPreview },
  // Secrets the file could not carry, by connector and field (what the preview listed as missing).
  'ops:import-config': {
    input: z.union([
      z.object({ path: FilePath, secrets: SafeRecord(z.string().max(40), SafeRecord(z.string().max(64), z.string().min(1).max(4_096))).default({}) }).strict(),
      z.object({ text: z.string().min(1).max(20_000_000), secrets: SafeRecord(z.string().max(40), SafeRecord(z.string().max(64), z.string().min(1).max(4_096))).default({}) }).strict(),
    ]),
    output: ConfigImportResult,
  },
} as const;
