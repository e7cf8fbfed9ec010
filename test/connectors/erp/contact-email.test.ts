// A contact added to an ERP account gets its set-password email through the ERP connection's durable job (the sandbox's
// SMTP catcher takes it), sets a password with the link, and signs in; without a website address nothing is sent and
// the job says why.
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../src-main/core/create-core';
import { createErpConnector, ERP_ID, SANDBOX_WEBSITE } from '../../../src-main/connectors/erp';
import { createAccountingConnector } from '../../../src-main/connectors/accounting';
import { forgetErpSessions } from '../../../src-main/connectors/erp/session';
import { ErpSandbox, SANDBOX_CREDENTIALS } from '../../../src-main/connectors/erp/sandbox';
import { memoryCredentials } from '../../support/memory-credentials';
import { FAST_RETRY, tempDir, until } from '../../support/harness';
import type { AccountDetail, ContactView } from '../../../src-preload/contract/account-models';

type Core = Awaited<ReturnType<typeof createCore>>;
let core: Core | null = null;
let erp: ErpSandbox | null = null;
afterEach(async () => {
  await core?.close();
  await erp?.stop();
  core = null;
  erp = null;
});

async function start(sandbox = true): Promise<Core> {
  forgetErpSessions();
  core = await createCore({
    mode: 'headless',
    dataDir: tempDir('syncdesk-erp-mail-'),
    launch: { port: 0, listenerPort: 0, sandbox, listenerHost: '127.0.0.1' },
    // The accounting connector brings the sandbox's SMTP catcher, which takes every email in sandbox mode.
    connectors: [createErpConnector({ customers: 20, prices: 200, items: 20 }), createAccountingConnector({ customers: 10 })],
    credentials: memoryCredentials(),
    jobRunner: { retry: FAST_RETRY, pollMs: 20, leaseMs: 5_000 },
  });
  return core;
}

async function call<T>(c: Core, channel: string, input: unknown): Promise<T> {
  const r = await c.dispatch(channel as never, input as never);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.data as T;
}

async function syncedAccount(c: Core): Promise<AccountDetail> {
  const run = await c.services.tasks.wait((await c.services.tasks.start(ERP_ID, 'accounts', 'manual')).runId);
  expect(run?.status).toBe('success');
  const id = (await c.services.repos.accounts.byAccountNumber('C000002'))!.id;
  return await call<AccountDetail>(c, 'accounts:get', { id });
}

const post = (c: Core, path: string, key: string, body: unknown) =>
  fetch(`${c.listenerUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify(body) });

describe('a contact of an ERP account', () => {
  it('gets a set-password link by email, sets a password with it and signs in', async () => {
    const c = await start();
    const key = (await call<{ newKey: string }>(c, 'platform:rotate-key', {})).newKey;
    const account = await syncedAccount(c);
    expect(account.canAddContacts).toBe(true);
    const contact = await call<ContactView>(c, 'accounts:add-contact', { accountId: account.account.id, name: 'Pat Buyer', email: 'pat.buyer@example.test' });
    const mail = await c.services.mail.catcher()!.waitFor((m) => m.to.includes('pat.buyer@example.test'), 20_000);
    const link = mail.text.split(/\s+/).find((w) => w.startsWith(`${SANDBOX_WEBSITE}set-password`));
    expect(link, mail.text).toBeDefined();
    const token = new URL(link!).searchParams.get('token')!;
    const set = await post(c, '/platform/set-password', key, { token, password: 'a long enough passphrase' });
    expect(set.status).toBe(200);
    const login = await post(c, '/platform/login', key, { email: 'pat.buyer@example.test', password: 'a long enough passphrase' });
    expect(login.status).toBe(200);
    expect(await login.json()).toMatchObject({ contactId: contact.id, accountId: account.account.id, accountNumber: 'C000002' });
  });

  it('is sent nothing while the connection has no website address, and the job says what to do', async () => {
    // Outside sandbox mode (where the simulator's values fill the website address in): an ERP of its own, configured by hand.
    erp = new ErpSandbox({ customers: 20, prices: 200, items: 20 });
    await erp.start();
    const c = await start(false);
    await call(c, 'connections:save', {
      connectorId: ERP_ID,
      values: { baseUrl: `${erp.url}/`, username: SANDBOX_CREDENTIALS.username, tenant: SANDBOX_CREDENTIALS.tenant },
      secrets: { password: SANDBOX_CREDENTIALS.password },
    });
    const account = await syncedAccount(c);
    await call<ContactView>(c, 'accounts:add-contact', { accountId: account.account.id, name: 'No Link', email: 'no.link@example.test' });
    const failed = await until(async () => {
      const page = await c.services.repos.log.page({ connectorId: ERP_ID }, null, 50);
      return page.entries.find((e) => e.action === 'contact-password-email' && e.outcome === 'validation_failure') ?? null;
    }, 'the email job refused');
    expect(failed.message).toContain('no website address');
    const shown = (await call<AccountDetail>(c, 'accounts:get', { id: account.account.id })).contacts.find((k) => k.email === 'no.link@example.test');
    expect(shown?.passwordEmail).toMatch(/failed/i);
  });
});
