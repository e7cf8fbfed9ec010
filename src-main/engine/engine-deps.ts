import type { Repositories } from '../store/repositories';
import type { ConnectorRegistry } from '../connectors/registry';
import type { ConnectionService } from '../connectors/connection-service';
import type { IntegrationLog } from './integration-log';
import type { EventBus } from './event-bus';

/** What the job runner and the task runner both stand on. */
export interface EngineDeps {
  repos: Repositories;
  registry: ConnectorRegistry;
  connections: ConnectionService;
  log: IntegrationLog;
  bus: EventBus;
  now: () => number;
  files: { downloads: string; exports: string };
}
