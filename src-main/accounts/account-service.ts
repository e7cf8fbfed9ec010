import type { z } from 'zod';
import type {
  AccountCursor, AccountDetail, AccountPage, ContactView, HistoryEntryView, OrderPage, PendingChangeView,
} from '../../src-preload/contract/account-models';
import type { AccountEdit, NewAccountInput, NewContactInput } from '../../src-preload/contract/account-channels';
import type { RecordChangeView } from '../../src-preload/contract/changes-channels';
import type { Repositories } from '../store/repositories';
import type { ContactRow } from '../store/accounts-repo';
import type { IntegrationLog } from '../engine/integration-log';
import type { DomainEvents } from '../events/domain-events';
import type { AccountsPolicy } from './accounts-policy';
import { AppErrorException } from '../errors/app-error';
import { UniqueViolation } from '../store/store-errors';
import { accountFieldLabel, relatedFieldLabel } from './account-field-labels';
import { editingOf, refuseWhenRestricted } from './account-editing';
import { CONTACT_PASSWORD_MAIL_KIND } from './contact-password-email';
import { sentMailStatus } from '../mail/sent-mail-status';

export interface AccountServiceDeps {
  repos: Repositories;
  events: DomainEvents;
  log: IntegrationLog;
  now: () => number;
  /** The system of record's rules, when a connector brings them (the ERP connection). */
  policy: () => AccountsPolicy | null;
}

export const CONTACTS_NEED_NUMBER =
  'Contacts are added once the ERP has the account: it gets an account number with its first order or the next ERP sync.';

const ORDERS_PAGE = 50;
/** The History tab lists this many of an account's newest field changes (a field changes at most once a sync). */
const HISTORY_SHOWN = 1_000;

const EMAIL_WORDS = { queued: 'set-password email queued', sent: 'set-password email sent', failed: 'set-password email failed (see Sent mail)' } as const;

/**
 * Customers > Accounts: staff's side of B2B accounts. Edits obey the system of record's editing mode (restricted:
 * refused; allowed: kept as pending changes for the next order; no system: applied here only), whichever client asks.
 */
export function createAccountService(deps: AccountServiceDeps) {
  const { repos, events, log, now } = deps;

  async function contactView(c: ContactRow): Promise<ContactView> {
    const m = await repos.mail.latestForContact(c.id, CONTACT_PASSWORD_MAIL_KIND);
    const passwordEmail = m ? EMAIL_WORDS[sentMailStatus(m)] : null;
    return { id: c.id, accountId: c.accountId, name: c.name, email: c.email, phone: c.phone, loginEnabled: c.loginEnabled, hasPassword: c.hasPassword, passwordEmail, erpContactId: c.erpContactId, createdAt: c.createdAt };
  }

  async function account(id: number) {
    const a = await repos.accounts.get(id);
    if (!a) throw new AppErrorException('not_found', `There is no account ${id}.`);
    return a;
  }

  async function pendingViews(accountId: number): Promise<PendingChangeView[]> {
    const rows = await repos.accounts.pendingChanges(accountId);
    const numbers = new Map<number, string | null>();
    for (const r of rows) if (r.orderId !== null && !numbers.has(r.orderId)) numbers.set(r.orderId, (await repos.orders.get(r.orderId))?.orderNumber ?? null);
    return rows.map((r) => ({
      id: r.id, field: r.field, label: accountFieldLabel(r.field), value: r.value, status: r.status, createdAt: r.createdAt, pushedAt: r.pushedAt,
      orderNumber: r.orderId === null ? null : numbers.get(r.orderId) ?? null,
    }));
  }

  async function detail(id: number): Promise<AccountDetail> {
    const a = await account(id);
    return {
      account: a,
      editing: await editingOf(deps.policy()),
      contacts: await Promise.all((await repos.accounts.contacts(id)).map(contactView)),
      addresses: (await repos.accounts.shipTos(id)).map((s) => ({ id: s.id, name: s.name, line1: s.line1, line2: s.line2, city: s.city, state: s.state, postalCode: s.postalCode, country: s.country, erpLocationId: s.erpLocationId })),
      pending: await pendingViews(id),
      canAddContacts: a.accountNumber !== null,
    };
  }

  async function contact(id: number): Promise<ContactRow> {
    const c = await repos.accounts.contact(id);
    if (!c) throw new AppErrorException('not_found', `There is no contact ${id}.`);
    return c;
  }

  async function search(input: { q?: string; status?: 'enabled' | 'disabled'; cursor: AccountCursor | null; limit: number }): Promise<AccountPage> {
    const page = await repos.accounts.search({ q: input.q || undefined, status: input.status, after: input.cursor, limit: input.limit });
    const pending = await repos.accounts.pendingCounts(page.rows.map((a) => a.id));
    const rows = page.rows.map((a) => ({ id: a.id, accountNumber: a.accountNumber, name: a.name, status: a.status, email: a.email, city: a.city, priceLevel: a.priceLevel, repCode: a.repCode, pendingChanges: pending.get(a.id) ?? 0 }));
    return { rows, nextCursor: page.next };
  }

  async function create(input: z.infer<typeof NewAccountInput>): Promise<AccountDetail> {
    refuseWhenRestricted(await editingOf(deps.policy()), 'create');
    const t = now();
    const id = await repos.transaction(async (tx) => {
      const id = await tx.accounts.insert({ ...input, status: 'enabled' }, t);
      await events.raise(tx, 'account.changed', { accountId: id, at: t });
      return id;
    });
    await log.write({ connectorId: 'platform', action: 'account:create', entityType: 'account', entityId: String(id), outcome: 'success', message: `account ${input.name} added by staff` });
    return await detail(id);
  }

  async function update(id: number, patch: Partial<AccountEdit>): Promise<AccountDetail> {
    const editing = await editingOf(deps.policy());
    refuseWhenRestricted(editing, 'edit');
    await account(id);
    const t = now();
    const changed = await repos.transaction(async (tx) => {
      const changed = await tx.accounts.update(id, patch, t, { keepPending: editing.mode === 'allowed' });
      if (changed.length > 0) await events.raise(tx, 'account.changed', { accountId: id, at: t });
      return changed;
    });
    if (changed.length > 0) {
      const where = editing.mode === 'allowed' ? `; pending for the ${editing.systemName}'s next order` : '';
      await log.write({ connectorId: 'platform', action: 'account:update', entityType: 'account', entityId: String(id), outcome: 'success', message: `staff changed ${changed.map(accountFieldLabel).join(', ')}${where}` });
    }
    return await detail(id);
  }

  async function setStatus(id: number, status: 'enabled' | 'disabled'): Promise<AccountDetail> {
    const a = await account(id);
    if (a.status !== status) {
      await repos.accounts.setStatus(id, status, now());
      await log.write({ connectorId: 'platform', action: 'account:status', entityType: 'account', entityId: String(id), outcome: 'success', message: `account ${a.name} ${status} by staff${status === 'disabled' ? ': its contacts cannot sign in' : ''}` });
    }
    return await detail(id);
  }

  /** The account's field changes (record_changes, as every sync records them), newest first, with its lost web edits. */
  async function history(id: number): Promise<HistoryEntryView[]> {
    await account(id);
    const edits = new Map((await repos.accounts.pendingChanges(id)).map((c) => [c.id, c]));
    // The account's own fields, and those of its contacts and ship-to addresses (each its own record in the ERP).
    const records = [
      { entityType: 'account', entityId: String(id), owner: '' },
      ...(await repos.accounts.contacts(id)).map((c) => ({ entityType: 'contact', entityId: String(c.id), owner: `Contact ${c.name}: ` })),
      ...(await repos.accounts.shipTos(id)).map((a) => ({ entityType: 'ship-to', entityId: String(a.id), owner: `Ship-to ${a.name || a.erpLocationId || a.id}: ` })),
    ];
    const owners = new Map(records.map((r) => [`${r.entityType}/${r.entityId}`, r.owner]));
    const rows: RecordChangeView[] = [];
    for (let cursor = 0; rows.length < HISTORY_SHOWN; ) {
      const page = await repos.recordChanges.ofRecords(records, cursor, 500);
      rows.push(...page.changes);
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    return rows.slice(0, HISTORY_SHOWN).map((c) => {
      const owner = owners.get(`${c.entityType}/${c.entityId}`) ?? '';
      return {
        id: c.id, field: c.field, label: owner ? `${owner}${relatedFieldLabel(c.field)}` : accountFieldLabel(c.field), webValue: c.from, erpValue: c.to, lost: c.lostEditId !== null, at: c.at, runId: c.runId, changeId: c.lostEditId,
        canReapply: c.lostEditId !== null && edits.get(c.lostEditId)?.status === 'lost',
      };
    });
  }

  async function reapply(changeId: number): Promise<AccountDetail> {
    refuseWhenRestricted(await editingOf(deps.policy()), 'edit');
    const t = now();
    const accountId = await repos.transaction(async (tx) => {
      const newId = await tx.accounts.reapply(changeId, t);
      if (newId === null) return null;
      const change = (await tx.accounts.pendingChangeOf(newId))!;
      await events.raise(tx, 'account.changed', { accountId: change.accountId, at: t });
      return change.accountId;
    });
    if (accountId === null) throw new AppErrorException('conflict', `Change ${changeId} is not a lost edit (it was re-applied already, or never lost).`);
    await log.write({ connectorId: 'platform', action: 'account:reapply', entityType: 'account', entityId: String(accountId), outcome: 'success', message: `staff re-applied lost change ${changeId}; it goes with the next order` });
    return await detail(accountId);
  }

  /** Asks the connector that mails customers to send the contact a set-password email; words for staff. */
  async function requestPasswordEmail(tx: Repositories, c: { id: number; accountId: number; email: string }, t: number): Promise<boolean> {
    const answers = await events.raise(tx, 'contact.password-email', { contactId: c.id, accountId: c.accountId, email: c.email, at: t });
    return answers.some((a) => a.jobIds.length > 0);
  }

  async function addContact(input: z.infer<typeof NewContactInput>): Promise<ContactView> {
    const a = await account(input.accountId);
    if (a.accountNumber === null) throw new AppErrorException('conflict', CONTACTS_NEED_NUMBER);
    const t = now();
    let id: number;
    try {
      id = await repos.transaction(async (tx) => {
        const id = await tx.accounts.addContact(a.id, { name: input.name, email: input.email, phone: input.phone ?? null }, t);
        if (!input.loginEnabled) await tx.accounts.setContactLogin(id, false, t);
        if (input.sendPasswordEmail) await requestPasswordEmail(tx, { id, accountId: a.id, email: input.email }, t);
        return id;
      });
    } catch (err) {
      if (err instanceof UniqueViolation)
        throw new AppErrorException('conflict', `The email ${input.email} is in use already (by a customer or another contact): each person signs in with their own.`, [{ path: 'email', message: 'already in use' }]);
      throw err;
    }
    await log.write({ connectorId: 'platform', action: 'contact:add', entityType: 'account_contact', entityId: String(id), outcome: 'success', message: `${input.email} added to account ${a.accountNumber} by staff` });
    return await contactView(await contact(id));
  }

  async function setContactLogin(contactId: number, enabled: boolean): Promise<ContactView> {
    const c = await contact(contactId);
    if (c.loginEnabled !== enabled) {
      await repos.accounts.setContactLogin(contactId, enabled, now());
      await log.write({ connectorId: 'platform', action: 'contact:login', entityType: 'account_contact', entityId: String(contactId), outcome: 'success', message: `login for ${c.email} ${enabled ? 'enabled' : 'disabled'} by staff` });
    }
    return await contactView(await contact(contactId));
  }

  async function sendPasswordEmail(contactId: number): Promise<ContactView> {
    const c = await contact(contactId);
    const queued = await repos.transaction(async (tx) => await requestPasswordEmail(tx, c, now()));
    if (!queued) throw new AppErrorException('conflict', `No connection sends contact emails yet: connect the ERP (and set up mail in Settings), then send it again.`);
    return await contactView(await contact(contactId));
  }

  async function orders(accountId: number, cursor: number | null): Promise<z.infer<typeof OrderPage>> {
    await account(accountId);
    const page = await repos.orders.ofAccount(accountId, cursor, ORDERS_PAGE);
    const names = new Map((await repos.accounts.contacts(accountId)).map((c) => [c.id, c.name]));
    return {
      rows: page.rows.map((o) => ({
        id: o.id, orderNumber: o.orderNumber, accountId: o.accountId, contactName: o.contactId === null ? null : names.get(o.contactId) ?? null,
        customerEmail: o.customer?.email ?? null, status: o.status, erpOrderId: o.erpOrderId, lines: o.lines.length, totalCents: o.totalCents, createdAt: o.createdAt,
      })),
      nextCursor: page.next,
    };
  }

  return { search, detail, create, update, setStatus, history, reapply, addContact, setContactLogin, sendPasswordEmail, orders, editing: () => editingOf(deps.policy()) };
}

export type AccountService = ReturnType<typeof createAccountService>;
