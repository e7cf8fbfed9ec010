// What the Confirm connector adds to the core: its channels, the CRM Agent's listener route, and its answers to the
// case domain's events.
import type { ConnectorHost, ConnectorParts } from '../connector';
import { createGroupCommit } from '../../store/group-commit';
import { createTemplateService } from './template-service';
import { createLookupsCache } from './lookups-cache';
import { createCrmAgentKey } from './crm-agent-key';
import { crmAgentRoute } from './crm-agent-route';
import { confirmHandlers } from './handlers';
import { subscribeToCaseEvents } from './case-events';

export function installConfirm(host: ConnectorHost): ConnectorParts {
  const templates = createTemplateService({ repos: host.repos, settings: () => host.settings(), lookupsCache: createLookupsCache(host.now), now: host.now });
  const crmAgentKey = createCrmAgentKey(host.credentials);

  // Read for every CRM Agent push; kept until a connection changes (every settings save says so on the bus).
  let zone: string | null = null;
  host.bus.subscribe((event) => {
    if (event === 'connections:changed') zone = null;
  });
  const timeZone = async () => {
    if (zone !== null) return zone;
    const configured = (await host.values()).timezone;
    zone = typeof configured === 'string' && configured ? configured : 'Europe/London';
    return zone;
  };

  subscribeToCaseEvents(host);
  return {
    channels: confirmHandlers({
      repos: host.repos, templates, crmAgentKey, listenerUrl: host.listenerUrl,
      now: host.now,
      sandbox: { sandboxMode: host.sandboxMode, simulator: () => host.simulator(host.connectorId) },
    }),
    routes: [crmAgentRoute({ key: crmAgentKey, repos: host.repos, commit: createGroupCommit(host.repos), log: host.log, now: host.now, timeZone })],
  };
}
