// Customers > Accounts in the renderer: amounts and prices as the page reads them, the account form's checks and the
// contract's issues beside their fields, overrides, History lines, and the page drawn in each editing mode.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { AccountDetail, AccountEditingView, HistoryEntryView, PriceLineView } from '../../src-preload/contract';
import { parseHash, routeHash } from '../../src-renderer/src/app/routes';
import { parseAccountNumbers } from '../../src-renderer/src/connectors/erp/account-numbers';
import { AccountInfoTab } from '../../src-renderer/src/features/accounts/account-info-tab';
import {
  accountErrorsFrom,
  checkAccountDraft,
  draftFrom,
  EMPTY_ACCOUNT_DRAFT,
  isRequired,
  sameDraft,
  toNewAccountInput,
  toPatch,
} from '../../src-renderer/src/features/accounts/account-draft';
import { AccountSections } from '../../src-renderer/src/features/accounts/account-page';
import { centsToInput, erpOwnedNote, pushedChanges, waitingChanges, formatCents, historySummary, importedLabel, overrideLabel, parseCents } from '../../src-renderer/src/features/accounts/account-format';
import { addedMessage, checkContactDraft } from '../../src-renderer/src/features/accounts/contacts-tab';
import { checkOverrideDraft, toOverrideInput } from '../../src-renderer/src/features/accounts/override-draft';
import { burstSummary } from '../../src-renderer/src/features/settings/storefront';

const editing = (mode: AccountEditingView['mode']): AccountEditingView => ({
  mode,
  systemName: 'ERP',
  message: mode === 'restricted' ? 'Account editing is restricted to the ERP: change accounts there.' : 'Changes go to the ERP with the account’s next order.',
  erpOwnedFields: ['paymentTerms', 'repCode', 'priceLevel'],
});

const account = {
  id: 7,
  accountNumber: 'C000007',
  name: 'Acme Supply',
  status: 'enabled' as const,
  email: 'buyer@acme.test',
  phone: null,
  addressLine1: '1 Main St',
  addressLine2: null,
  city: 'Springfield',
  state: 'IL',
  postalCode: '62701',
  country: 'US',
  paymentTerms: 'NET30',
  repCode: 'R12',
  priceLevel: 'WHOLESALE',
  shipVia: 'UPS',
  minOrderCents: 25000,
  poRequired: true,
  erpCustomerId: 'C000007',
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_000_000,
};

const detail = (mode: AccountEditingView['mode']): AccountDetail => ({
  account,
  editing: editing(mode),
  contacts: [],
  addresses: [{ id: 1, name: 'Dock 2', line1: '9 Yard Rd', line2: null, city: 'Springfield', state: 'IL', postalCode: '62702', country: 'US', erpLocationId: null }],
  pending: [{ id: 3, field: 'repCode', label: 'Representative code', value: 'R07', status: 'pending', createdAt: Date.now() - 120_000, pushedAt: null, orderNumber: null }],
  canAddContacts: true,
});

describe('amounts', () => {
  it('reads and writes cents', () => {
    expect(formatCents(123456)).toBe('$1,234.56');
    expect(formatCents(null)).toBe('—');
    expect(parseCents('12.5')).toBe(1250);
    expect(parseCents('$1,234.05')).toBe(123405);
    expect(parseCents('250')).toBe(25000);
    for (const bad of ['', '-1', '1.234', 'ten', '1.2.3']) expect(parseCents(bad)).toBeNull();
    expect(centsToInput(25000)).toBe('250.00');
    expect(centsToInput(null)).toBe('');
  });
});

describe('prices: imported and overrides told apart', () => {
  const line = (over: Partial<PriceLineView>): PriceLineView => ({ item: 'SKU-1', imported: null, override: null, priceCents: null, ...over });
  it('names where the imported price comes from, and what the override is', () => {
    expect(importedLabel(line({ imported: { priceCents: 1200, scope: 'price_level', importedAt: 1 } }))).toBe('$12.00 (price level)');
    expect(importedLabel(line({ imported: { priceCents: 1100, scope: 'account', importedAt: 1 } }))).toBe('$11.00 (account)');
    expect(importedLabel(line({}))).toBe('none imported');
    const base = { id: 1, createdBy: 'staff', createdAt: 1 };
    expect(overrideLabel({ ...base, kind: 'price', value: 950, scope: 'account' })).toBe('$9.50');
    expect(overrideLabel({ ...base, kind: 'discount', value: 12.5, scope: 'price_level' })).toBe('12.5% off (price level)');
    expect(overrideLabel({ ...base, kind: 'discount', value: 15, scope: 'account' })).toBe('15% off');
  });

  it('checks an override before sending it, and sends cents or a percent for the right scope', () => {
    expect(checkOverrideDraft({ scope: 'account', item: ' ', kind: 'price', value: '' })).toEqual({ item: 'Item is required', value: 'Price is required' });
    expect(checkOverrideDraft({ scope: 'account', item: 'A', kind: 'price', value: '1.234' }).value).toMatch(/12.50/);
    expect(checkOverrideDraft({ scope: 'account', item: 'A', kind: 'discount', value: '120' }).value).toMatch(/up to 100/);
    expect(checkOverrideDraft({ scope: 'account', item: 'A', kind: 'discount', value: '15%' })).toEqual({});
    expect(toOverrideInput({ scope: 'account', item: ' SKU-9 ', kind: 'price', value: '9.50' }, 7, 'WHOLESALE')).toEqual({ scope: { accountId: 7 }, item: 'SKU-9', kind: 'price', value: 950 });
    expect(toOverrideInput({ scope: 'price_level', item: 'SKU-9', kind: 'discount', value: '15%' }, 7, 'WHOLESALE')).toEqual({ scope: { priceLevel: 'WHOLESALE' }, item: 'SKU-9', kind: 'discount', value: 15 });
  });
});

describe('the account form', () => {
  it('marks the contract’s required fields and refuses each one empty, by name', () => {
    expect(['name', 'email', 'addressLine1', 'city', 'postalCode', 'country'].every((f) => isRequired(f as never))).toBe(true);
    expect(isRequired('repCode')).toBe(false);
    const errors = checkAccountDraft({ ...EMPTY_ACCOUNT_DRAFT, country: '' });
    expect(Object.keys(errors).sort()).toEqual(['addressLine1', 'city', 'country', 'email', 'name', 'postalCode']);
    expect(errors.name).toBe('Account name is required');
    expect(checkAccountDraft({ ...draftFrom(account), country: 'USA', minOrder: 'lots' })).toEqual({ country: 'Country: use a two-letter country code, e.g. US.', minOrder: 'Minimum order: type an amount such as 250 or 99.50.' });
  });

  it('sends what was typed, trimmed, and only the changed fields on a save', () => {
    const typed = { ...EMPTY_ACCOUNT_DRAFT, name: ' Acme ', email: 'a@b.test', addressLine1: '1 Main', city: 'X', postalCode: '1', country: 'us', minOrder: '99.5' };
    expect(toNewAccountInput(typed)).toMatchObject({ name: 'Acme', email: 'a@b.test', country: 'US', minOrderCents: 9950, phone: null, repCode: null });
    expect(toPatch(account, draftFrom(account))).toEqual({});
    expect(toPatch(account, { ...draftFrom(account), repCode: 'R07', minOrder: '250' })).toEqual({ repCode: 'R07' });
    expect(toPatch(account, { ...draftFrom(account), phone: '  ' , poRequired: false })).toEqual({ poRequired: false });
  });

  it('puts the contract’s issues beside their fields, the rest in general', () => {
    const { fields, other } = accountErrorsFrom({
      code: 'invalid_input',
      message: 'Check the marked fields',
      issues: [
        { path: 'patch.repCode', message: 'Use at most 30 characters.', rule: 'too_long', limit: 30 },
        { path: 'minOrderCents', message: 'Use 1000000000 or less.', rule: 'too_big', limit: 1_000_000_000 },
        { path: 'name', message: 'This is required.', rule: 'required' },
        { path: 'somethingElse', message: 'odd' },
      ],
    });
    expect(fields).toEqual({
      repCode: 'Representative code can be at most 30 characters: shorten it.',
      minOrder: 'Minimum order must be 1000000000 or less.',
      name: 'Account name is required: fill it in.',
    });
    expect(other).toEqual([{ path: 'somethingElse', message: 'odd' }]);
  });

  it('refuses a contact without a name or email', () => {
    expect(checkContactDraft({ name: '', email: ' ' })).toEqual({ name: 'Name is required: fill it in.', email: 'Email is required: fill it in.' });
    expect(checkContactDraft({ name: 'Pat', email: 'pat@acme.test' })).toEqual({});
    expect(addedMessage({ name: 'Pat', passwordEmail: 'queued' }, true)).toBe('Added Pat; password email: queued.');
    expect(addedMessage({ name: 'Pat', passwordEmail: null }, true)).toMatch(/no password email was queued/);
    expect(addedMessage({ name: 'Pat', passwordEmail: null }, false)).toBe('Added Pat.');
  });
});

describe('pending changes', () => {
  it('the banner lists only those still waiting; those sent are listed newest first with their order', () => {
    const change = (id: number, status: 'pending' | 'pushed' | 'lost' | 'reapplied', pushedAt: number | null = null) => ({ id, field: 'repCode', label: 'Representative code', value: `R${id}`, status, createdAt: 1, pushedAt, orderNumber: pushedAt ? `SO-${id}` : null });
    const pending = [change(1, 'lost'), change(2, 'reapplied'), change(3, 'pending'), change(4, 'pushed', 10), change(5, 'pushed', 20)];
    expect(waitingChanges({ pending }).map((p) => p.id)).toEqual([3]);
    expect(pushedChanges({ pending }).map((p) => p.orderNumber)).toEqual(['SO-5', 'SO-4']);
  });

  it('an edit being typed is told apart from the stored account', () => {
    expect(sameDraft(draftFrom(account), draftFrom({ ...account }))).toBe(true);
    expect(sameDraft(draftFrom(account), { ...draftFrom(account), repCode: 'SP04' })).toBe(false);
  });
});

describe('History lines', () => {
  const entry = (over: Partial<HistoryEntryView>): HistoryEntryView => ({
    id: 1, field: 'repCode', label: 'Representative code', webValue: 'R07', erpValue: 'R12', lost: false, at: 1, runId: 4, changeId: null, canReapply: false, ...over,
  });
  it('say what the web had, what the ERP said, and whether a change was lost', () => {
    expect(historySummary(entry({}))).toBe('Representative code: R07 → R12');
    expect(historySummary(entry({ lost: true, changeId: 3, canReapply: true }))).toBe('Representative code: R07 → R12 (a web change was lost)');
    expect(historySummary(entry({ lost: true, changeId: 3, webValue: null }))).toBe('Representative code: (empty) → R12 (a web change was lost, then re-applied)');
  });
});

describe('the account page in each editing mode', () => {
  it('allowed: the fields can be edited, the ERP’s own say where they are changed, and the pending change is shown', () => {
    const html = renderToStaticMarkup(createElement(AccountInfoTab, { detail: detail('allowed') }));
    expect(html).toContain('data-editable="true"');
    expect(/<input[^>]*id="account-name"[^>]*>/.exec(html)![0]).not.toContain(' disabled=""');
    expect(html).toContain('data-testid="account-save"');
    for (const f of ['paymentTerms', 'repCode', 'priceLevel']) expect(html).toContain(`data-testid="account-erp-${f}">${erpOwnedNote(editing('allowed'))}`);
    expect(erpOwnedNote(editing('allowed'))).toBe('from the ERP; change it there');
    const page = renderToStaticMarkup(createElement(AccountSections, { detail: detail('allowed') }));
    expect(page).toContain('Goes to the ERP with the next order');
    expect(page).toMatch(/data-testid="pending-change" data-field="repCode">.*R07.*since 2 min ago/);
    expect(page).toContain('no contact of this account can sign in');
    expect(page).not.toContain('data-testid="account-restricted"');
  });

  it('restricted: account information and addresses are read-only, with no Save, and the page says why', () => {
    const html = renderToStaticMarkup(createElement(AccountInfoTab, { detail: detail('restricted') }));
    expect(html).toContain('data-editable="false"');
    const inputs = html.match(/<input[^>]*>/g) ?? [];
    expect(inputs.length).toBeGreaterThan(10);
    expect(inputs.filter((i) => !i.includes(' disabled=""'))).toEqual([]);
    expect(html).not.toContain('data-testid="account-save"');
    const page = renderToStaticMarkup(createElement(AccountSections, { detail: detail('restricted') }));
    expect(page).toContain('data-testid="account-restricted"');
    expect(page).toContain('Account editing is restricted to the ERP: change accounts there.');
  });
});

describe('routes, the ERP section and the storefront', () => {
  it('opens Customers > Accounts and one account by hash', () => {
    expect(parseHash('#/accounts')).toEqual({ name: 'accounts' });
    expect(parseHash('#/accounts/12')).toEqual({ name: 'accounts', accountId: 12 });
    expect(routeHash({ name: 'accounts', accountId: 12 })).toBe('#/accounts/12');
  });

  it('reads account numbers for "Change accounts in the ERP"', () => {
    expect(parseAccountNumbers(' C1, C2\nC2 ')).toEqual({ list: ['C1', 'C2'], error: null });
    expect(parseAccountNumbers('').list).toEqual([]);
    expect(parseAccountNumbers('x'.repeat(31)).error).toMatch(/not an account number/);
  });

  it('sums up an orders burst as a registrations burst', () => {
    expect(burstSummary({ sent: 10, failed: 1, outcomes: { b2b: 6, b2c: 4 }, durationMs: 1200 })).toBe('10 sent · 1 failed · 6 b2b, 4 b2c · 1.2 s');
  });
});
