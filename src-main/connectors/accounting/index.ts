import type { z } from 'zod';
import migration0001 from './migrations/0001_accounting_links.sql?raw';
import pgMigration0001 from './pg-migrations/0001_accounting_links.sql?raw';
import { createPgAccountingRepo } from './pg-repositories';
import type { Connector, ConnectorHost } from '../connector';
import { SmtpCatcher } from '../../sandbox/smtp-catcher';
import { ACCOUNTING_ID } from './ids';
import { ACCOUNTING_DEFAULTS, ACCOUNTING_FIELDS, ACCOUNTING_SECRET_FIELDS, accountingSettingsOf, accountingSettingsSchema } from './settings';
import { createAccountingClient } from './client';
import { createAccountingRepo, type AccountingRepo } from './repositories';
import { accountingJobs, accountingTasks } from './sync';
import { accountingHandlers } from './handlers';
import { subscribeToCustomerEvents } from './customer-events';
import { AccountingSandbox, SANDBOX_CREDENTIALS } from './sandbox';
import { FLAG_FIELD } from './sandbox-data';

export { ACCOUNTING_ID } from './ids';

/** The address the sandbox's welcome emails point customers to (the `url` token). */
export const SANDBOX_WEBSITE = 'https://shop.sandbox.syncdesk.test/';

export function createAccountingConnector(opts: { customers?: number; flaggedShare?: number } = {}): Connector<AccountingRepo> {
  let installed: ConnectorHost<AccountingRepo> | null = null;
  const host = () => {
    if (!installed) throw new Error('the accounting connector is not installed yet');
    return installed;
  };
  return {
    id: ACCOUNTING_ID,
    displayName: 'Accounting',
    description: 'The accounting package (Infusion): imports the customers flagged for the web, with welcome emails.',
    settings: {
      schema: accountingSettingsSchema as unknown as z.ZodType<Record<string, unknown>>,
      fields: ACCOUNTING_FIELDS,
      secretFields: ACCOUNTING_SECRET_FIELDS,
      defaults: ACCOUNTING_DEFAULTS,
    },
    migrations: [{ version: 1, name: '0001_accounting_links', sql: migration0001 }],
    repositories: createAccountingRepo,
    pgMigrations: [{ version: 1, name: '0001_accounting_links', sql: pgMigration0001 }],
    pgRepositories: createPgAccountingRepo,
    async testConnection(ctx) {
      return (await createAccountingClient(accountingSettingsOf(ctx.settings), { signal: ctx.signal }).testConnection()).message;
    },
    tasks: accountingTasks(host),
    jobs: accountingJobs(host),
    // Hashing a password takes a core for about 0.1 s: as many in flight as the thread pool hashes at once.
    concurrency: 4,
    install(h) {
      installed = h;
      subscribeToCustomerEvents(h);
      return { channels: accountingHandlers(h) };
    },
    sandbox: {
      simulators: [
        { name: 'Accounting (sandbox)', create: ({ seed, generation }) => new AccountingSandbox({ seed, generation, customers: opts.customers, flaggedShare: opts.flaggedShare }) },
        { name: 'SMTP catcher', create: ({ seed }) => new SmtpCatcher({ name: 'SMTP catcher', seed }) },
      ],
      connectionValues: ([apiUrl]) => ({
        values: { apiUrl: `${apiUrl}/`, licenseUuid: SANDBOX_CREDENTIALS.licenseUuid, websiteUrl: SANDBOX_WEBSITE, showOnWebField: FLAG_FIELD, showOnWebValue: 'True' },
        secrets: { sessionUuid: SANDBOX_CREDENTIALS.sessionUuid },
      }),
    },
  };
}
