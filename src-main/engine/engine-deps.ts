import type { Repositories } from '../store/repositories';
import type { ConnectorRegistry } from '../connectors/registry';
import type { ConnectionService } from '../connectors/connection-service';
import type { IntegrationLog } from './integration-log';
import type { EventBus } from './event-bus';
import type { JobQueue } from './job-queue';

/** What the job runner and the task runner both stand on. */
export interface EngineDeps {
  repos: Repositories;
  queue: JobQueue;
  registry: ConnectorRegistry;
  connections: ConnectionService;
  log: IntegrationLog;
  bus: EventBus;
  now: () => number;
  files: { downloads: string; exports: string };
}
