import { afterEach, describe, expect, it } from 'vitest';
import { startAccountingCore, type AccountingCore } from '../connectors/accounting/accounting-core';
import { hashPassword } from '../../src-main/customers/password-hash';

let h: AccountingCore | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('/platform/login for the contacts of a B2B account', () => {
  it('signs in every contact of an enabled account, answers 403 "account disabled" for all of them while it is disabled, and again once enabled', async () => {
    h = await startAccountingCore();
    const now = Date.now();
    const accountId = await h.repos.accounts.insert({ name: 'Acme Trade', accountNumber: 'ACME-1' }, now);
    const contacts = [
      { email: 'buyer@acme.test', password: 'buyer-password-1' },
      { email: 'boss@acme.test', password: 'boss-password-22' },
    ];
    for (const c of contacts) {
      const id = await h.repos.accounts.addContact(accountId, { name: c.email, email: c.email }, now);
      await h.repos.accounts.setContactPasswordHash(id, await hashPassword(c.password), now);
    }
    for (const c of contacts) expect(await h.login(c.email, c.password)).toMatchObject({ status: 200, body: { accountId, accountNumber: 'ACME-1' } });
    await h.repos.accounts.setStatus(accountId, 'disabled', now);
    for (const c of contacts) expect(await h.login(c.email, c.password)).toEqual({ status: 403, body: { error: 'account disabled' } });
    // A wrong password says nothing of the account's state.
    expect(await h.login('buyer@acme.test', 'not-the-password')).toEqual({ status: 401, body: { error: 'wrong email or password' } });
    await h.repos.accounts.setStatus(accountId, 'enabled', now);
    for (const c of contacts) expect((await h.login(c.email, c.password)).status).toBe(200);
  });
});
