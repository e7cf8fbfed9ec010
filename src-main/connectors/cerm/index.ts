import type { z } from 'zod';
import type { Connector } from '../connector';
import { CERM_ID } from './ids';
import { CERM_DEFAULTS, CERM_FIELDS, CERM_SECRET_FIELDS, cermSettingsOf, cermSettingsSchema } from './settings';
import { createCermClient, readCustomersPage } from './client';
import { cermJobs, cermTasks } from './sync';
import { CermSandbox, SANDBOX_CREDENTIALS } from './sandbox';
import { cermHandlers } from './handlers';
import { cermRegistration } from './registration';
import { grouped } from '../../engine/count-words';

export { CERM_ID } from './ids';

export function createCermConnector(opts: { customers?: number } = {}): Connector {
  return {
    id: CERM_ID,
    displayName: 'CERM',
    description: 'The print MIS: customers, cost codes for departments, addresses, and the customer download.',
    settings: {
      schema: cermSettingsSchema as unknown as z.ZodType<Record<string, unknown>>,
      fields: CERM_FIELDS,
      secretFields: CERM_SECRET_FIELDS,
      defaults: CERM_DEFAULTS,
    },
    async testConnection(ctx) {
      const s = cermSettingsOf(ctx.settings);
      const client = createCermClient(s, ctx.signal);
      await client.signIn();
      const { total } = readCustomersPage(await client.customersPage(1, { pageSize: 1 }));
      return `Connected to CERM at ${client.host} as ${s.username}; the customer list answers${total !== null ? ` (${grouped(total)} customers)` : ''}.`;
    },
    tasks: cermTasks,
    jobs: cermJobs,
    customerIdentity: true,
    install: (host) => ({ channels: cermHandlers(host), registration: cermRegistration(host) }),
    sandbox: {
      simulators: [{ name: 'CERM (sandbox)', create: ({ seed, generation }) => new CermSandbox(seed, opts.customers ?? 2_000, generation) }],
      connectionValues: ([url]) => ({
        values: { apiUrl: `${url}/`, clientId: SANDBOX_CREDENTIALS.clientId, username: SANDBOX_CREDENTIALS.username },
        secrets: { clientSecret: SANDBOX_CREDENTIALS.clientSecret, password: SANDBOX_CREDENTIALS.password },
      }),
    },
  };
}
