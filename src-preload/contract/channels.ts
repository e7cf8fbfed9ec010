import { z } from 'zod';
import { Empty, RowId, SafeRecord, SearchText, SETTING_TEXT_MAX, Text } from './common';
import {
  AppSettingsView,
  ConnectionView,
  SandboxTarget,
  ExportResult,
  Faults,
  JobCounts,
  LogCursor,
  LogEntryDetail,
  LogPage,
  Outcome,
  RunDetail,
  RunSummary,
  SandboxView,
  StartRunResult,
  TaskStatus,
  TestResult,
  UiPreferences,
} from './models';
import { customerChannels } from './customer-channels';
import { caseChannels } from './case-channels';
import { mailChannels } from './mail-channels';
import { accountChannels } from './account-channels';
import { opsChannels } from './ops-channels';
import { previewChannels } from './preview-channels';
import { changesChannels } from './changes-channels';
import { errorsChannels } from './errors-channels';
import { alertsChannels } from './alerts-channels';
import { staffChannels } from './staff-channels';
import { desktopChannels } from './desktop-channels';
import { connectorChannels } from './connectors';
import { InDoubtJob } from './models';

// The one contract: channel name -> input schema (parsed in main) and output schema (documented shape).

const ConnectorId = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'connector id: lower-case letters, digits, dashes');
const TaskId = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'task id: lower-case letters, digits, dashes');
const Millis = z.number().int().min(0).max(8_640_000_000_000_000);

export const LogFilter = z
  .object({
    connectorId: ConnectorId.optional(),
    outcomes: z.array(Outcome).max(5).optional(),
    from: Millis.optional(),
    to: Millis.optional(),
    q: SearchText(200).optional(),
    includeDismissed: z.boolean().optional(),
  })
  .strict();
export type LogFilter = z.infer<typeof LogFilter>;

/** The platform's own channels; the core handles every one of them. */
export const coreChannels = {
  'settings:get': { input: Empty, output: AppSettingsView },
  'settings:save': {
    input: z.object({ sandboxMode: z.boolean() }).strict(),
    output: AppSettingsView,
  },
  'ui:preferences': { input: Empty, output: UiPreferences },
  'ui:save-preferences': { input: UiPreferences.partial().strict(), output: UiPreferences },
  'connections:list': { input: Empty, output: z.array(ConnectionView) },
  'connections:save': {
    input: z
      .object({
        connectorId: ConnectorId,
        values: SafeRecord(z.string().max(64), z.union([z.string().max(SETTING_TEXT_MAX), z.number(), z.boolean(), z.null()])),
        // A secret absent here is left as it is; null deletes it.
        secrets: SafeRecord(z.string().max(64), z.string().min(1).max(SETTING_TEXT_MAX).nullable()).default({}),
        // Sandbox mode only: talk to the simulator, or to the address typed here (validated and tested as in live mode).
        sandboxTarget: SandboxTarget.optional(),
      })
      .strict(),
    output: ConnectionView,
  },
  'connections:test': { input: z.object({ connectorId: ConnectorId }).strict(), output: TestResult },
  'sync:tasks': { input: Empty, output: z.array(TaskStatus) },
  'sync:run': { input: z.object({ connectorId: ConnectorId, taskId: TaskId }).strict(), output: StartRunResult },
  /** Forgets an incremental task's cursor: its next run reads again what the cursor says. */
  'sync:reset-cursor': { input: z.object({ connectorId: ConnectorId, taskId: TaskId }).strict(), output: TaskStatus },
  'sync:schedule': {
    input: z
      .object({
        connectorId: ConnectorId,
        taskId: TaskId,
        // null turns the schedule off.
        intervalMinutes: z.number().int().min(1).max(7 * 24 * 60).nullable(),
      })
      .strict(),
    output: TaskStatus,
  },
  'sync:run-detail': {
    input: z
      .object({
        runId: RowId,
        cursor: z.number().int().min(0).nullable().default(null),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
    output: RunDetail,
  },
  'sync:runs': {
    input: z
      .object({ connectorId: ConnectorId, taskId: TaskId, limit: z.number().int().min(1).max(200).default(30) })
      .strict(),
    output: z.array(RunSummary),
  },
  'jobs:counts': { input: Empty, output: JobCounts },
  'jobs:in-doubt': { input: Empty, output: z.array(InDoubtJob) },
  // Staff's answer to a job in doubt: act again at the remote, or the id of the record an earlier attempt made there.
  'jobs:resolve-in-doubt': {
    input: z.discriminatedUnion('action', [
      z.object({ jobId: RowId, action: z.literal('raise-again') }).strict(),
      z.object({ jobId: RowId, action: z.literal('use-existing'), remoteId: Text(64).min(1, 'the id of the existing record') }).strict(),
    ]),
    output: z.object({ resolved: z.boolean(), message: z.string() }),
  },
  'log:page': {
    input: LogFilter.extend({
      cursor: LogCursor.nullable().default(null),
      limit: z.number().int().min(1).max(500).default(100),
    }).strict(),
    output: LogPage,
  },
  'log:entry': { input: z.object({ id: RowId }).strict(), output: LogEntryDetail },
  'log:retry': {
    input: z.object({ id: RowId }).strict(),
    output: z.object({ retried: z.boolean(), message: z.string() }),
  },
  'log:dismiss': { input: z.object({ id: RowId }).strict(), output: z.object({ dismissed: z.boolean() }) },
  'log:export': { input: LogFilter, output: ExportResult },
  // Electron: opens the system's file manager at a file an export of this session wrote; false in headless mode.
  'export:show-in-folder': { input: z.object({ path: z.string().min(1).max(4096) }).strict(), output: z.object({ shown: z.boolean() }) },
  'sandbox:list': { input: Empty, output: z.array(SandboxView) },
  'sandbox:set-faults': {
    input: z.object({ connectorId: ConnectorId, faults: Faults.partial().strict() }).strict(),
    output: SandboxView,
  },
  ...customerChannels,
  ...caseChannels,
  ...mailChannels,
  ...accountChannels,
  ...opsChannels,
  ...previewChannels,
  ...changesChannels,
  ...errorsChannels,
  ...alertsChannels,
  ...staffChannels,
  ...desktopChannels,
} as const;

/** Every channel the preload exposes: the platform's and the shipped connectors'. */
export const channels = { ...coreChannels, ...connectorChannels } as const;

export type Channels = typeof channels;
export type CoreChannelName = keyof typeof coreChannels;
export type ChannelName = keyof Channels;
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
export type ParsedInput<C extends ChannelName> = z.output<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<Channels[C]['output']>;

export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);
}
