import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAccountingCore, type AccountingCore } from './accounting-core';
import { FLAG_FIELD } from '../../../src-main/connectors/accounting/sandbox-data';

let h: AccountingCore | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const flagged = { [FLAG_FIELD]: true };
const person = (n: string) => ({ name: `${n} Ltd`, customFields: flagged, contacts: [{ firstName: n, lastName: 'Buyer', email: `${n.toLowerCase()}@shop.test` }] });

/** Everything the store and the logs hold as text, to prove a password is in none of them. */
async function everythingStored(c: AccountingCore): Promise<string> {
  const tables = await c.sql.column<string>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%'`);
  const rows = await Promise.all(tables.map(async (t) => JSON.stringify(await c.sql.all(`SELECT * FROM "${t}"`))));
  const logs = readdirSync(join(c.dataDir, 'logs')).map((f) => readFileSync(join(c.dataDir, 'logs', f), 'utf8'));
  const files = readdirSync(c.dataDir).filter((f) => f.startsWith('syncdesk.db')).map((f) => readFileSync(join(c.dataDir, f)).toString('latin1'));
  return [...rows, ...logs, ...files].join('\n');
}

describe('welcome emails', () => {
  it('go only to customers the import creates while Send Emails is on, and carry a password /platform/login accepts', async () => {
    h = await startAccountingCore();
    const [early] = h.sandbox.addCustomers([person('Early')]);
    await h.run();
    await h.settled();
    expect(h.catcher.list()).toHaveLength(0);
    // Switching Send Emails on later sends nothing to those imported before.
    await h.configure({ sendEmails: true });
    h.sandbox.editCustomer(early!.uuid, { name: 'Early Birds Ltd' });
    h.sandbox.addCustomers([person('Late')]);
    await h.run();
    await h.settled();
    expect(h.mailTo('early@shop.test')).toHaveLength(0);
    const [mail] = h.mailTo('late@shop.test');
    expect(mail!.subject).toBe('Your account has been created');
    expect(mail!.text).toContain('Email address: late@shop.test');
    expect(mail!.text).toContain('https://shop.sandbox.syncdesk.test/');
    const password = h.passwordIn(mail!);
    const late = (await h.repos.customers.byEmail('late@shop.test'))!;
    expect(await h.login('late@shop.test', password)).toEqual({ status: 200, body: { customerId: late.id, accountNumber: late.accountNumber } });
    expect((await h.call('accounting:customers', { q: 'late@' })).customers[0]!.welcome).toMatchObject({ status: 'sent' });
    const sent = await h.call('mail:sent', {});
    expect(sent.messages).toEqual([expect.objectContaining({ to: 'late@shop.test', subject: 'Your account has been created', status: 'sent', attempts: 1 })]);
    // The password is in the email only: not in a table, the WAL, a job row, the log or the diagnostic log.
    h.services.log.flush();
    expect(await everythingStored(h)).not.toContain(password);
  });

  it('answers a wrong password and an unknown email alike, and holds an email after repeated failures', async () => {
    h = await startAccountingCore();
    await h.configure({ sendEmails: true });
    h.sandbox.addCustomers([person('Guard')]);
    await h.run();
    await h.settled();
    const password = h.passwordIn(h.mailTo('guard@shop.test')[0]!);
    const wrong = await h.login('guard@shop.test', 'not-the-password');
    const unknown = await h.login('nobody@shop.test', password);
    expect(wrong).toEqual({ status: 401, body: { error: 'wrong email or password' } });
    expect(unknown).toEqual(wrong);
    for (let i = 0; i < 4; i++) expect((await h.login('guard@shop.test', `wrong-${i}`)).status).toBe(401);
    const held = await h.post('/platform/login', { email: 'guard@shop.test', password });
    expect(held.status).toBe(429);
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another email is not held, and the key is required.
    expect((await h.login('nobody@shop.test', 'x')).status).toBe(401);
    expect((await h.post('/platform/login', { email: 'guard@shop.test', password }, null)).status).toBe(401);
    expect((await h.post('/platform/login', { email: 'guard@shop.test' })).status).toBe(400);
  });

  it('works the reference\'s test procedure: import with No, delete the customer, switch to Yes, import again', async () => {
    h = await startAccountingCore();
    h.sandbox.addCustomers([person('Tester')]);
    await h.run();
    const first = (await h.repos.customers.byEmail('tester@shop.test'))!;
    expect(await h.call('customers:delete', { id: first.id })).toEqual({ deleted: true });
    await h.configure({ sendEmails: true });
    await h.run();
    await h.settled();
    const again = (await h.repos.customers.byEmail('tester@shop.test'))!;
    expect(again.createdAt).toBeGreaterThanOrEqual(first.createdAt);
    expect(await h.repos.customers.count()).toBe(1);
    const mails = h.mailTo('tester@shop.test');
    expect(mails).toHaveLength(1);
    expect((await h.login('tester@shop.test', h.passwordIn(mails[0]!))).status).toBe(200);
  });

  it('resends with a new password that replaces the old one', async () => {
    h = await startAccountingCore();
    await h.configure({ sendEmails: true });
    h.sandbox.addCustomers([person('Forgetful')]);
    await h.run();
    await h.settled();
    const customer = (await h.repos.customers.byEmail('forgetful@shop.test'))!;
    const oldPassword = h.passwordIn(h.mailTo('forgetful@shop.test')[0]!);
    await h.call('accounting:resend-welcome', { customerId: customer.id });
    await h.settled();
    const mails = h.mailTo('forgetful@shop.test');
    expect(mails).toHaveLength(2);
    const newPassword = h.passwordIn(mails[1]!);
    expect(newPassword).not.toBe(oldPassword);
    expect((await h.login('forgetful@shop.test', oldPassword)).status).toBe(401);
    expect((await h.login('forgetful@shop.test', newPassword)).status).toBe(200);
  });

  it('retries a temporary SMTP refusal and fails a bad recipient once, with the reason on the customer', async () => {
    h = await startAccountingCore();
    await h.configure({ sendEmails: true });
    h.catcher.failNextMessages = 2;
    h.catcher.rejectRecipients('bounce@shop.test');
    h.sandbox.addCustomers([person('Retry'), person('Bounce')]);
    await h.run();
    await h.settled();
    expect(h.mailTo('retry@shop.test')).toHaveLength(1);
    expect(h.mailTo('bounce@shop.test')).toHaveLength(0);
    const byEmail = Object.fromEntries((await h.call('accounting:customers', {})).customers.map((c) => [c.email, c.welcome]));
    expect(byEmail['retry@shop.test']).toMatchObject({ status: 'sent' });
    expect(byEmail['bounce@shop.test']).toMatchObject({ status: 'failed', error: expect.stringMatching(/recipient|mailbox|550/i) });
    const jobs = await h.sql.all<{ status: string; attempts: number }>(`SELECT status, attempts FROM jobs WHERE kind = 'send-welcome' ORDER BY id`);
    expect(jobs.find((j) => j.status === 'failed')).toMatchObject({ attempts: 1 });
    expect(jobs.find((j) => j.status === 'done')!.attempts).toBeGreaterThanOrEqual(2);
    const attempts = (await h.repos.log.page({ connectorId: 'accounting' }, null, 100)).entries.filter((e) => e.action === 'send-welcome');
    expect(attempts.map((e) => e.outcome).sort()).toEqual(['retrying', 'retrying', 'success', 'validation_failure'].sort());
  });

  it('sends a single-use set-password link in link mode, which the storefront redeems', async () => {
    h = await startAccountingCore();
    await h.configure({ sendEmails: true, welcomeEmailMode: 'link' });
    h.sandbox.addCustomers([person('Linked')]);
    await h.run();
    await h.settled();
    const [mail] = h.mailTo('linked@shop.test');
    expect(mail!.text).not.toMatch(/Password:/);
    const link = /https:\/\/shop\.sandbox\.syncdesk\.test\/set-password\?token=([A-Za-z0-9_-]+)/.exec(mail!.text);
    expect(link).not.toBeNull();
    const token = link![1]!;
    expect(await h.sql.value(`SELECT COUNT(*) FROM set_password_tokens WHERE token_hash = ?`, token)).toBe(0);
    expect((await h.post('/platform/set-password', { token, password: 'short' })).status).toBe(400);
    const set = await h.post('/platform/set-password', { token, password: 'my own long passphrase' });
    expect(set.status).toBe(200);
    expect((await h.login('linked@shop.test', 'my own long passphrase')).status).toBe(200);
    expect((await h.post('/platform/set-password', { token, password: 'another long passphrase' })).status).toBe(410);
    expect((await h.post('/platform/set-password', { token: 'x'.repeat(43), password: 'another long passphrase' })).status).toBe(404);
  });

  it('refuses to save a template without a required token, and previews one with sample values', async () => {
    h = await startAccountingCore();
    const template = await h.call('accounting:email-template', {});
    expect(template.tokens.filter((t) => t.required).map((t) => t.name).sort()).toEqual(['email_address', 'password', 'url']);
    const without = template.text.replace('{{ password }}', '');
    const refused = await h.call('accounting:save-email-template', { subject: template.subject, text: without, html: null }).catch((e: Error & { code?: string; issues?: unknown[] }) => e);
    expect(refused).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/password/) });
    const unknown = await h.call('accounting:save-email-template', { subject: template.subject, text: `${template.text}{{ pasword }}`, html: null }).catch((e: Error & { code?: string }) => e);
    expect(unknown).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/pasword/) });
    const saved = await h.call('accounting:save-email-template', { subject: 'Welcome to the shop', text: template.text, html: null });
    expect(saved).toMatchObject({ subject: 'Welcome to the shop', html: null });
    const preview = await h.call('accounting:preview-email-template', { subject: 'Hi {{ customer_name }}', text: template.text, html: null });
    expect(preview.problems).toEqual([]);
    expect(preview.text).toMatch(/Password: \S+/);
  });
});
