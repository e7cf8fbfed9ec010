import { z } from 'zod';
import { FieldValue } from './models';
import { CASE_FIELD_KINDS, MappingRow, RULE_TRIGGERS, RuleCondition, TemplateType } from './case-models';
import { SafeRecord } from './common';

// Settings > Retention, Settings > Backup and the configuration file that moves a setup between data folders.

export const RetentionSettings = z.object({
  logDays: z.number().int().min(1).max(3_650),
  runDays: z.number().int().min(1).max(3_650),
  /** Raw downloads kept per connector and kind (the newest complete one always stays). */
  downloadsPerKind: z.number().int().min(1).max(1_000),
  /** Raw download files kept in all, in MiB; the oldest files go first. */
  downloadsMaxMegabytes: z.number().int().min(1).max(1_048_576),
});
export type RetentionSettings = z.infer<typeof RetentionSettings>;

export const CleanupResult = z.object({
  startedAt: z.number(),
  finishedAt: z.number(),
  logDeleted: z.number(),
  runItemsDeleted: z.number(),
  /** Field changes (record_changes) of the runs removed, and of pushes as old. */
  fieldChangesDeleted: z.number(),
  runsDeleted: z.number(),
  downloadsDeleted: z.number(),
  rawFilesRemoved: z.number(),
  vacuumedPages: z.number(),
  bytesBefore: z.number(),
  bytesAfter: z.number(),
  batches: z.number(),
});
export type CleanupResult = z.infer<typeof CleanupResult>;

export const RetentionView = z.object({ settings: RetentionSettings, running: z.boolean(), lastCleanup: CleanupResult.nullable() });
export type RetentionView = z.infer<typeof RetentionView>;

export const BackupSettings = z.object({
  enabled: z.boolean(),
  intervalHours: z.number().int().min(1).max(24 * 30),
  keep: z.number().int().min(1).max(365),
  /** null: the data folder's backups/. */
  folder: z.string().nullable(),
});
export type BackupSettings = z.infer<typeof BackupSettings>;

export const BackupFile = z.object({ name: z.string(), path: z.string(), bytes: z.number(), createdAt: z.number() });
export type BackupFile = z.infer<typeof BackupFile>;

export const BackupView = z.object({
  settings: BackupSettings,
  folder: z.string(),
  lastBackupAt: z.number().nullable(),
  backups: z.array(BackupFile),
  /** A restore waiting for the next start. */
  stagedRestore: z.object({ bytes: z.number(), stagedAt: z.number() }).nullable(),
  /**
   * A team server (its store on PostgreSQL): file backups and restores do not apply, and every backup channel but
   * this view refuses (`conflict`) with these words, which say how to back it up (pg_dump). Null on the desktop.
   */
  teamServer: z.object({ message: z.string() }).nullable(),
});
export type BackupView = z.infer<typeof BackupView>;

export const RestoreResult = z.object({ staged: z.literal(true), schemaVersion: z.number(), message: z.string() });
export type RestoreResult = z.infer<typeof RestoreResult>;

// The configuration file. Items refer to each other by name (ids differ between data folders); secrets are never in it,
// only the names of the secret fields a connection had set.
export const CONFIG_FORMAT = 'syncdesk-configuration';
export const CONFIG_VERSION = 1;

const Name = z.string().trim().min(1).max(200);
export const ConfigConnection = z
  .object({ connectorId: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/), values: SafeRecord(z.string().max(64), FieldValue), secretFields: z.array(z.string().max(64)).max(50) })
  .strict();
export const ConfigReference = z.object({ name: Name, showOnCase: z.boolean() }).strict();
export const ConfigCaseField = z
  .object({ key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), label: Name, kind: z.enum(CASE_FIELD_KINDS), options: z.array(z.string().max(200)).max(200), required: z.boolean(), position: z.number().int() })
  .strict();
export const ConfigTemplate = z.object({ name: Name, type: TemplateType, reference: Name, rows: z.array(MappingRow).max(500) }).strict();
export const ConfigRule = z
  .object({ name: Name, trigger: z.enum(RULE_TRIGGERS), conditions: z.array(RuleCondition).max(50), template: Name, enabled: z.boolean(), position: z.number().int() })
  .strict();
export const ConfigEmailTemplate = z.object({ key: z.string().min(1).max(64), subject: z.string().max(300), text: z.string().max(100_000), html: z.string().max(200_000).nullable() }).strict();
export const ConfigSchedule = z
  .object({ connectorId: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/), taskId: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/), intervalMinutes: z.number().int().min(1).max(7 * 24 * 60).nullable() })
  .strict();

export const ConfigFile = z
  .object({
    format: z.literal(CONFIG_FORMAT),
    version: z.literal(CONFIG_VERSION),
    exportedAt: z.number(),
    appVersion: z.string().max(40),
    connections: z.array(ConfigConnection).max(100),
    references: z.array(ConfigReference).max(1_000),
    caseFields: z.array(ConfigCaseField).max(1_000),
    templates: z.array(ConfigTemplate).max(1_000),
    rules: z.array(ConfigRule).max(1_000),
    emailTemplates: z.array(ConfigEmailTemplate).max(1_000),
    schedules: z.array(ConfigSchedule).max(1_000),
  })
  .strict();
export type ConfigFile = z.infer<typeof ConfigFile>;

export const CONFIG_ITEM_KINDS = ['connection', 'reference', 'case_field', 'template', 'rule', 'email_template', 'schedule'] as const;
export const ConfigChange = z.object({
  kind: z.enum(CONFIG_ITEM_KINDS),
  key: z.string(),
  change: z.enum(['added', 'changed', 'unchanged', 'not_applied']),
  /** For changed: the fields that differ; for not_applied: why. */
  detail: z.string().nullable(),
});
export type ConfigChange = z.infer<typeof ConfigChange>;

export const MissingSecrets = z.object({ connectorId: z.string(), connectorName: z.string(), fields: z.array(z.string()) });
export const ConfigPreview = z.object({ exportedAt: z.number(), appVersion: z.string(), changes: z.array(ConfigChange), missingSecrets: z.array(MissingSecrets) });
export type ConfigPreview = z.infer<typeof ConfigPreview>;

export const ConfigImportResult = ConfigPreview.extend({ applied: z.number() });
export type ConfigImportResult = z.infer<typeof ConfigImportResult>;
