import type { Repositories } from '../store/repositories';
import type { ConnectorRegistry } from '../connectors/registry';
import type { ConnectionService } from '../connectors/connection-service';
import type { IntegrationLog } from './integration-log';
import type { EventBus } from './event-bus';
import type { JobQueue } from './job-queue';

/** The folders an engine writes files into (the data folder's, or a team server's shared --files-dir). */
export interface EngineFiles {
  downloads: string;
  exports: string;
  /** The engine's host name, recorded with a raw download so an engine without the file can say whose folder has it. */
  host?: string;
}

/** What the job runner and the task runner both stand on. */
export interface EngineDeps {
  repos: Repositories;
  queue: JobQueue;
  registry: ConnectorRegistry;
  connections: ConnectionService;
  log: IntegrationLog;
  bus: EventBus;
  now: () => number;
  files: EngineFiles;
}
