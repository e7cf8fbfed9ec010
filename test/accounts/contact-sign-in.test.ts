// A contact's password email, its set-password link and sign-in, over real HTTP and SMTP (the sandbox catcher), on a
// real core with a toy ERP that queues the email the way imported customers get theirs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCore, until } from '../support/harness';
import { createTestkitConnector } from '../support/testkit-connector';
import { createToyErpConnector, TOY_SET_PASSWORD_PAGE, type ToyErpControl } from '../support/toy-erp-connector';
import type { AccountDetail, ContactView } from '../../src-preload/contract/account-models';

type Harness = Awaited<ReturnType<typeof startTestCore>>;
const control: ToyErpControl = { editing: 'allowed', failOrders: new Set() };
let h: Harness;
let key: string;

async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = await h.core.dispatch(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.data as T;
}

const post = (path: string, body: unknown) =>
  fetch(`${h.core.listenerUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify(body) });

/** The set-password link's token from the caught email to that address. */
async function tokenSentTo(email: string): Promise<string> {
  const m = await h.services.mail.catcher()!.waitFor((x) => x.to.includes(email), 20_000);
  const link = m.text.split(/\s+/).find((w) => w.startsWith(TOY_SET_PASSWORD_PAGE));
  if (!link) throw new Error(`no link in: ${m.text}`);
  return new URL(link).searchParams.get('token')!;
}

beforeAll(async () => {
  h = await startTestCore({ core: { connectors: [createTestkitConnector(), createToyErpConnector(control)] } });
  key = (await call<{ newKey: string }>('platform:rotate-key', {})).newKey;
});
afterAll(async () => {
  await h.close();
});

describe('a contact signs in', () => {
  it('with the password chosen through the emailed link; a disabled account gets every contact 403, enabled again they sign in', async () => {
    const d = await call<AccountDetail>('accounts:create', { name: 'Globex', email: 'ap@globex.example', addressLine1: '1 Main St', city: 'Springfield', postalCode: '62701', country: 'US' });
    await h.services.repos.accounts.setErpIds(d.account.id, { accountNumber: 'G100' }, Date.now());
    const people = ['hank@globex.example', 'mindy@globex.example'];
    const contacts: ContactView[] = [];
    for (const email of people) contacts.push(await call<ContactView>('accounts:add-contact', { accountId: d.account.id, name: email.split('@')[0], email }));

    const password = 'correct horse battery staple';
    for (const [i, email] of people.entries()) {
      const token = await tokenSentTo(email);
      const set = await post('/platform/set-password', { token, password });
      expect(set.status).toBe(200);
      expect(await set.json()).toEqual({ contactId: contacts[i]!.id, accountId: d.account.id, accountNumber: 'G100' });
      expect((await post('/platform/set-password', { token, password })).status).toBe(410);
      const login = await post('/platform/login', { email, password });
      expect(login.status).toBe(200);
      expect(await login.json()).toEqual({ contactId: contacts[i]!.id, accountId: d.account.id, accountNumber: 'G100' });
    }
    const page = await until(async () => {
      const detail = await call<AccountDetail>('accounts:get', { id: d.account.id });
      return detail.contacts.every((c) => c.passwordEmail === 'set-password email sent') ? detail : null;
    }, 'the emails recorded as sent');
    expect(page.contacts.every((c) => c.hasPassword)).toBe(true);

    await call('accounts:set-status', { id: d.account.id, status: 'disabled' });
    for (const email of people) {
      const r = await post('/platform/login', { email, password });
      expect(r.status).toBe(403);
      expect(await r.json()).toEqual({ error: 'account disabled' });
      expect((await post('/platform/login', { email, password: 'wrong password here' })).status).toBe(401);
    }
    await call('accounts:set-status', { id: d.account.id, status: 'enabled' });
    for (const email of people) expect((await post('/platform/login', { email, password })).status).toBe(200);

    await call('accounts:set-contact-login', { contactId: contacts[0]!.id, enabled: false });
    expect((await post('/platform/login', { email: people[0], password })).status).toBe(401);
    expect((await post('/platform/login', { email: people[1], password })).status).toBe(200);
  });

  it('gets a new link on a resend; the earlier one stops working', async () => {
    const d = await call<AccountDetail>('accounts:create', { name: 'Initech', email: 'ap@initech.example', addressLine1: '1 Main St', city: 'Austin', postalCode: '73301', country: 'US' });
    await h.services.repos.accounts.setErpIds(d.account.id, { accountNumber: 'I100' }, Date.now());
    const email = 'peter@initech.example';
    const c = await call<ContactView>('accounts:add-contact', { accountId: d.account.id, name: 'Peter', email });
    const first = await tokenSentTo(email);
    await until(async () => (await call<AccountDetail>('accounts:get', { id: d.account.id })).contacts[0]?.passwordEmail === 'set-password email sent', 'the first email sent');
    await call('accounts:send-password-email', { contactId: c.id });
    const catcher = h.services.mail.catcher()!;
    await until(() => catcher.list().filter((m) => m.to.includes(email)).length === 2, 'the second email');
    const second = new URL(catcher.list().filter((m) => m.to.includes(email))[1]!.text.split(/\s+/).find((w) => w.startsWith(TOY_SET_PASSWORD_PAGE))!).searchParams.get('token')!;
    expect(second).not.toBe(first);
    expect((await post('/platform/set-password', { token: first, password: 'a long enough password' })).status).toBe(404);
    expect((await post('/platform/set-password', { token: second, password: 'a long enough password' })).status).toBe(200);
  });
});
