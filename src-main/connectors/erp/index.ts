import type { z } from 'zod';
import migration0001 from './migrations/0001_account_history_to_record_changes.sql?raw';
import type { Connector, ConnectorHost } from '../connector';
import { subscribeToContactEmails } from './contact-password-job';
import type { AccountsPolicy } from '../../accounts/accounts-policy';
import { ERP_ID, SYSTEM_NAME } from './ids';
import { ERP_DEFAULTS, ERP_FIELDS, ERP_SECRET_FIELDS, erpSettingsOf, erpSettingsSchema } from './settings';
import { createErpClient } from './client';
import { erpJobs, erpTasks } from './sync';
import { erpHandlers } from './handlers';
import { subscribeToOrders } from './order-events';
import { ErpSandbox, SANDBOX_CREDENTIALS, type ErpSandboxOptions } from './sandbox';

export { ERP_ID } from './ids';

/** The shop the sandbox's contact emails point to. */
export const SANDBOX_WEBSITE = 'https://shop.sandbox.syncdesk.test/';

/** The fields the ERP owns: imported, shown "from the ERP; change it there", overwritten by its next sync. */
export const ERP_OWNED_FIELDS = ['paymentTerms', 'repCode', 'priceLevel'] as const;

export function createErpConnector(opts: Pick<ErpSandboxOptions, 'customers' | 'prices' | 'items' | 'sessionLimit'> = {}): Connector {
  let installed: ConnectorHost | null = null;
  const host = () => {
    if (!installed) throw new Error('the ERP connector is not installed yet');
    return installed;
  };
  return {
    id: ERP_ID,
    displayName: 'ERP',
    description: 'The ERP that is the data of record (an Acumatica-style REST API): accounts, contacts, ship-tos and prices come from it; web orders and the account edits they carry go to it.',
    settings: {
      schema: erpSettingsSchema as unknown as z.ZodType<Record<string, unknown>>,
      fields: ERP_FIELDS,
      secretFields: ERP_SECRET_FIELDS,
      defaults: ERP_DEFAULTS,
    },
    async testConnection(ctx) {
      const client = createErpClient(erpSettingsOf(ctx.settings), { signal: ctx.signal });
      try {
        return await client.testConnection();
      } finally {
        await client.close();
      }
    },
    migrations: [{ version: 1, name: '0001_account_history_to_record_changes', sql: migration0001 }],
    // Its one SQLite step moves an old table PostgreSQL never had: nothing to do there.
    pgMigrations: [],
    tasks: erpTasks(),
    jobs: erpJobs(host),
    // The license's API users are few and the session is shared: a few calls at once, not the runner's eight.
    concurrency: 4,
    install(h) {
      installed = h;
      subscribeToOrders(h);
      subscribeToContactEmails(h);
      const accounts: AccountsPolicy = {
        connectorId: ERP_ID,
        systemName: SYSTEM_NAME,
        async editing() {
          return (await h.values()).accountEditing === 'restricted' ? 'restricted' : 'allowed';
        },
        erpOwnedFields: ERP_OWNED_FIELDS,
      };
      return { channels: erpHandlers(h), accounts };
    },
    sandbox: {
      simulators: [{ name: 'ERP (sandbox)', create: ({ seed, generation }) => new ErpSandbox({ seed, generation, ...opts }) }],
      connectionValues: ([url]) => ({
        values: { baseUrl: `${url}/`, username: SANDBOX_CREDENTIALS.username, tenant: SANDBOX_CREDENTIALS.tenant, websiteUrl: SANDBOX_WEBSITE },
        secrets: { password: SANDBOX_CREDENTIALS.password },
      }),
    },
  };
}
