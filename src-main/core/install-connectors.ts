import type { ConnectorHost, ContributedChannels } from '../connectors/connector';
import type { ConnectorRegistry } from '../connectors/registry';
import type { ListenerRoute } from '../listener/listener-server';
import type { RegistrationPolicy } from '../customers/registration-policy';
import type { AccountsPolicy } from '../accounts/accounts-policy';

/** Every host part but the ones that name the connector. */
export type SharedHost = Omit<ConnectorHost, 'connectorId' | 'own' | 'settings' | 'values'>;

export interface InstalledParts {
  channels: ContributedChannels;
  routes: ListenerRoute[];
  registration: RegistrationPolicy | null;
  accounts: AccountsPolicy | null;
}

/** Calls each connector's install with its host, and gathers what they contribute. */
export function installConnectors(registry: ConnectorRegistry, shared: SharedHost): InstalledParts {
  const out: InstalledParts = { channels: {}, routes: [], registration: null, accounts: null };
  for (const c of registry.all()) {
    if (!c.install) continue;
    const parts = c.install({
      ...shared,
      connectorId: c.id,
      own: registry.own(c.id),
      settings: () => shared.connections.load(c),
      values: async () => await shared.connections.values(c),
    });
    for (const [name, channel] of Object.entries(parts.channels ?? {})) {
      if (name in out.channels) throw new Error(`two connectors contribute the channel "${name}"`);
      out.channels[name] = channel;
    }
    out.routes.push(...(parts.routes ?? []));
    if (parts.registration) {
      if (out.registration) throw new Error(`two connectors bring registration rules (${out.registration.connectorId}, ${c.id})`);
      out.registration = parts.registration;
    }
    if (parts.accounts) {
      if (out.accounts) throw new Error(`two connectors are the accounts' system of record (${out.accounts.connectorId}, ${c.id})`);
      out.accounts = parts.accounts;
    }
  }
  return out;
}
