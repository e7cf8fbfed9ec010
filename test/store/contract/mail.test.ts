import { describe, expect, it } from 'vitest';
import { freshStore, onSqliteWhenRun, type StoreFactory, type StoreOf } from './store-under-test';

/** The aggregates this contract uses. */
type Store = StoreOf<'mail' | 'jobs' | 'customers' | 'accounts'>;

/** Mail: email templates staff edit, and sent mail with its sending job's outcome (never a body). */
export function describeMailContract(name: string, factory: StoreFactory<Store>): void {
  describe(`${name} store: mail`, () => {
    const store = freshStore(factory);

    it('keeps one template per key, replaced by a later save, listed in key order', async () => {
      const { mail } = store();
      expect(await mail.template('WELCOME')).toBeNull();
      expect(await mail.templates()).toEqual([]);
      await mail.saveTemplate({ key: 'WELCOME', subject: 'Hi', text: 'Hello {{name}}', html: null }, 10);
      await mail.saveTemplate({ key: 'PASSWORD', subject: 'Set it', text: 'Go', html: '<p>Go</p>' }, 11);
      await mail.saveTemplate({ key: 'WELCOME', subject: 'Welcome', text: 'Dear {{name}}', html: '<b>Dear</b>' }, 12);
      expect(await mail.template('WELCOME')).toEqual({ key: 'WELCOME', subject: 'Welcome', text: 'Dear {{name}}', html: '<b>Dear</b>', updatedAt: 12 });
      expect((await mail.templates()).map((t) => [t.key, t.updatedAt])).toEqual([['PASSWORD', 11], ['WELCOME', 12]]);
    });

    it("records a queued message, reads its job's state while it waits, and what the server took once sent", async () => {
      const r = store();
      const customer = await r.customers.insert({ email: 'ann@shop.example', firstName: 'Ann', lastName: 'B', origin: 'import' }, 0);
      const id = await r.mail.queue({ kind: 'welcome', customerId: customer, to: 'ann@shop.example', subject: 'Welcome email', jobId: null }, 100);
      expect(await r.mail.get(id)).toEqual({
        id, kind: 'welcome', customerId: customer, to: 'ann@shop.example', subject: 'Welcome email', jobId: null, queuedAt: 100, sentAt: null,
        messageId: null, error: null, jobStatus: null, attempts: 0,
      });
      const jobId = await r.jobs.enqueue({ connectorId: 'accounting', kind: 'welcome-mail', entityKey: `customer:${customer}`, idempotencyKey: `welcome:${id}`, payload: { id } }, 100);
      await r.mail.attachJob(id, jobId);
      expect(await r.mail.get(id)).toMatchObject({ jobId, jobStatus: 'pending', attempts: 0, error: null });
      const [lease] = await r.jobs.claim({ now: 101, leaseMs: 1_000, limit: 1, newToken: () => 'lease-1' });
      await r.jobs.finish(jobId, lease!.leaseToken!, 'failed', 'SMTP 421: try later', 102);
      expect(await r.mail.get(id)).toMatchObject({ jobStatus: 'failed', attempts: 1, error: 'SMTP 421: try later', sentAt: null });

      await r.mail.markSent(id, { messageId: '<m1@example>', subject: 'Welcome, Ann', to: 'Ann <ann@shop.example>' }, 200);
      expect(await r.mail.get(id)).toMatchObject({ sentAt: 200, messageId: '<m1@example>', subject: 'Welcome, Ann', to: 'Ann <ann@shop.example>', error: null });
      expect(await r.mail.get(id + 1)).toBeNull();
    });

    it("answers a customer's and a contact's newest email of a kind", async () => {
      const r = store();
      const customer = await r.customers.insert({ email: 'ann@shop.example', firstName: 'Ann', lastName: 'B', origin: 'import' }, 0);
      const account = await r.accounts.insert({ name: 'Acme' }, 0);
      const contact = await r.accounts.addContact(account, { name: 'Pat', email: 'pat@acme.example' }, 0);
      await r.mail.queue({ kind: 'welcome', customerId: customer, to: 'a', subject: 'first', jobId: null }, 1);
      const second = await r.mail.queue({ kind: 'welcome', customerId: customer, to: 'a', subject: 'second', jobId: null }, 2);
      const reset = await r.mail.queue({ kind: 'password', customerId: customer, to: 'a', subject: 'reset', jobId: null }, 3);
      const toContact = await r.mail.queue({ kind: 'password', customerId: null, contactId: contact, to: 'p', subject: 'set it', jobId: null }, 4);
      expect((await r.mail.latestFor(customer, 'welcome'))!.id).toBe(second);
      expect((await r.mail.latestFor(customer, 'password'))!.id).toBe(reset);
      expect(await r.mail.latestFor(customer, 'other')).toBeNull();
      expect(await r.mail.latestForContact(contact, 'password')).toMatchObject({ id: toContact, customerId: null, subject: 'set it' });
      expect(await r.mail.latestForContact(contact, 'welcome')).toBeNull();
    });

    it('pages sent mail newest first', async () => {
      const { mail } = store();
      const ids: number[] = [];
      for (let n = 0; n < 5; n++) ids.push(await mail.queue({ kind: 'welcome', customerId: null, to: `n${n}@x.example`, subject: `s${n}`, jobId: null }, n));
      const seen: number[] = [];
      let after: number | null = null;
      for (let pages = 0; pages < 10; pages++) {
        const page = await mail.page(after, 2);
        seen.push(...page.rows.map((m) => m.id));
        after = page.next;
        if (after === null) break;
      }
      expect(seen).toEqual([...ids].reverse());
    });
  });
}

onSqliteWhenRun(import.meta.url, describeMailContract);
