import { describe, expect, it } from 'vitest';
import type { AddressView, CustomerView, DepartmentView, RegistrationForm, RegistrationResult, Result, RunProgress, RunSummary, TaskStatus } from '../../src-preload/contract';
import { parseHash, routeHash } from '../../src-renderer/src/app/routes';
import { formatBytes } from '../../src-renderer/src/components/format';
import { appendUnique, createKeysetList, type KeysetPage } from '../../src-renderer/src/components/keyset-list';
import {
  applyDownloadProgress,
  applyDownloadRunUpdate,
  fromTask,
  IDLE,
  started,
} from '../../src-renderer/src/connectors/cerm/download-run';
import { addressLine, addressOrigin, cermLink } from '../../src-renderer/src/features/customers/customer-format';
import {
  checkDraft,
  EMPTY_DRAFT,
  fieldErrorsFrom,
  outcomeHeadline,
  registrationPlan,
  toRegistrationInput,
} from '../../src-renderer/src/features/customers/registration';
import { upsertDepartment } from '../../src-renderer/src/features/departments/departments-store';
import { burstSummary, parseBurstCount } from '../../src-renderer/src/features/settings/storefront';

const form = (over: Partial<RegistrationForm> = {}): RegistrationForm => ({
  costCodeLabel: 'Custom One',
  costCodeRequired: false,
  autoLinkDepartment: true,
  autoCreateInCerm: true,
  ...over,
});

describe('routes for customers and departments', () => {
  it('keeps the selected customer or department in the hash', () => {
    expect(parseHash('#/customers')).toEqual({ name: 'customers' });
    expect(parseHash('#/customers/42')).toEqual({ name: 'customers', customerId: 42 });
    expect(parseHash('#/departments/7')).toEqual({ name: 'departments', departmentId: 7 });
    expect(parseHash('#/customers/x')).toEqual({ name: 'sync-status' });
    expect(routeHash({ name: 'customers', customerId: 42 })).toBe('#/customers/42');
    expect(routeHash({ name: 'departments' })).toBe('#/departments');
  });
});

describe('the Register customer form', () => {
  const filled = { ...EMPTY_DRAFT, email: ' a@b.example ', firstName: 'Ava', lastName: 'Maes' };

  it('blocks a submit without a required cost code, naming the configured label', () => {
    expect(checkDraft(filled, form())).toEqual({});
    const errors = checkDraft(filled, form({ costCodeRequired: true }));
    expect(Object.keys(errors)).toEqual(['costCode']);
    expect(errors.costCode).toMatch(/^Custom One is required/);
    expect(checkDraft({ ...filled, costCode: '  ' }, form({ costCodeRequired: true })).costCode).toBeDefined();
    expect(checkDraft({ ...filled, costCode: 'CC-1' }, form({ costCodeRequired: true }))).toEqual({});
    expect(Object.keys(checkDraft(EMPTY_DRAFT, null)).sort()).toEqual(['email', 'firstName', 'lastName']);
  });

  it('sends trimmed values and leaves empty optional fields out', () => {
    expect(toRegistrationInput(filled)).toEqual({ email: 'a@b.example', firstName: 'Ava', lastName: 'Maes' });
    expect(toRegistrationInput({ ...filled, company: ' Acme ', costCode: 'CC-1 ' })).toEqual({
      email: 'a@b.example', firstName: 'Ava', lastName: 'Maes', company: 'Acme', costCode: 'CC-1',
    });
  });

  it("puts the core's issues next to their fields", () => {
    const { fields, other } = fieldErrorsFrom({
      code: 'invalid_input',
      message: 'bad',
      issues: [
        { path: 'costCode', message: 'Custom One is required.' },
        { path: 'email', message: 'This is not an email address (name@example.org).', rule: 'email' },
        { path: '', message: 'general' },
      ],
    }, 'Custom One');
    expect(fields).toEqual({ costCode: 'Custom One is required.', email: 'Email is not an email address: check it (name@example.org).' });
    expect(other).toEqual([{ path: '', message: 'general' }]);
  });

  it('says in one line what registering will do', () => {
    expect(registrationPlan(form())).toMatch(/department.*otherwise the customer is created in CERM/);
    expect(registrationPlan(form({ autoCreateInCerm: false }))).toMatch(/auto-create in CERM is off/);
    expect(registrationPlan(form({ autoLinkDepartment: false }))).toMatch(/off; the customer is created in CERM/);
    expect(registrationPlan(form({ autoLinkDepartment: false, autoCreateInCerm: false }))).toMatch(/registered here only/);
  });

  it('headlines each outcome', () => {
    const base: RegistrationResult = { customerId: 1, outcome: 'registered', message: 'Registered; not linked.', departmentId: null, departmentName: null, cermId: null, jobId: null };
    expect(outcomeHeadline({ ...base, outcome: 'linked', departmentId: 3, departmentName: 'Sales' }).title).toBe('Linked to department Sales');
    expect(outcomeHeadline({ ...base, outcome: 'created', cermId: 'C-9' }).title).toBe('Created in CERM as C-9');
    expect(outcomeHeadline({ ...base, outcome: 'queued', jobId: 4 }).title).toBe('Queued for creation in CERM');
    expect(outcomeHeadline(base).title).toBe('Registered; not linked.');
  });
});

describe('customer detail formatting', () => {
  const address = { street: 'Kerkstraat', number: '12', postalCode: '2000', city: 'Antwerpen', country: 'BE' } as AddressView;
  it('writes an address on one line from the parts present', () => {
    expect(addressLine(address)).toBe('Kerkstraat 12, 2000 Antwerpen, BE');
    expect(addressLine({ ...address, street: null, number: null, postalCode: null })).toBe('Antwerpen, BE');
  });
  it('tags CERM-owned addresses and finds the CERM link', () => {
    expect(addressOrigin('cerm')).toBe('CERM');
    expect(addressOrigin('local')).toBe('local');
    const customer = (cermId: string | null) => ({ cermId }) as CustomerView;
    expect(cermLink({ customer: customer(null), externalIds: { cerm: 'C-1' } })).toBe('C-1');
    expect(cermLink({ customer: customer('C-2'), externalIds: {} })).toBe('C-2');
    expect(cermLink({ customer: customer(null), externalIds: {} })).toBeNull();
  });
});

describe('following the Download customers run', () => {
  const counts = { fetched: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 };
  const run = (id: number, status: RunSummary['status'], over: Partial<RunSummary> = {}): RunSummary => ({
    id, connectorId: 'cerm', taskId: 'download-customers', trigger: 'manual', status, startedAt: id, finishedAt: null, durationMs: null, counts, message: null, ...over,
  });
  const progress = (runId: number, done: number, over: Partial<RunProgress> = {}): RunProgress => ({
    runId, connectorId: 'cerm', taskId: 'download-customers', phase: 'pages', done, total: 10, counts, ...over,
  });

  it('shows progress from start to end and reports the end once', () => {
    let s = started(IDLE, 5);
    expect(s.runId).toBe(5);
    s = applyDownloadProgress(s, progress(5, 3));
    expect(s.progress?.done).toBe(3);
    const end = applyDownloadRunUpdate(s, run(5, 'success'));
    expect(end.ended).toBe(true);
    expect(end.state.runId).toBeNull();
    expect(applyDownloadRunUpdate(end.state, run(5, 'success')).ended).toBe(false);
    // A late progress event does not bring the bar back.
    expect(applyDownloadProgress(end.state, progress(5, 9)).runId).toBeNull();
  });

  it("ignores other tasks' events and a run so short it ended before Sync Now answered", () => {
    const other = progress(6, 1, { taskId: 'sync-addresses' });
    expect(applyDownloadProgress(IDLE, other)).toBe(IDLE);
    const ended = applyDownloadRunUpdate(IDLE, run(7, 'failed', { message: 'down' })).state;
    expect(started(ended, 7)).toBe(ended);
  });

  it('starts from what Sync Status reports', () => {
    const task = { running: progress(8, 2), lastRun: null } as unknown as TaskStatus;
    expect(fromTask(task)).toMatchObject({ runId: 8, progress: { done: 2 } });
    expect(fromTask({ running: null, lastRun: run(3, 'failed') } as unknown as TaskStatus).finished?.id).toBe(3);
    expect(fromTask(undefined)).toBe(IDLE);
  });
});

describe('keyset lists', () => {
  it('appends pages without repeating a row', () => {
    expect(appendUnique([{ id: 1 }, { id: 2 }], [{ id: 2 }, { id: 3 }], (r) => r.id).map((r) => r.id)).toEqual([1, 2, 3]);
  });

  it('pages with the cursor and drops pages answered for an older query', async () => {
    const calls: { q: string; cursor: number | null }[] = [];
    const resolvers: ((page: Result<KeysetPage<{ id: number }, number>>) => void)[] = [];
    const store = createKeysetList<{ id: number }, { q: string }, number>({
      initialQuery: { q: '' },
      rowKey: (r) => r.id,
      fetchPage: (query, cursor) => {
        calls.push({ q: query.q, cursor });
        return new Promise((resolve) => resolvers.push(resolve));
      },
    });
    const first = store.getState().reload();
    const second = store.getState().setQuery({ q: 'x' });
    resolvers[1]({ ok: true, data: { rows: [{ id: 9 }, { id: 8 }], nextCursor: 8, total: 40 } });
    await second;
    resolvers[0]({ ok: true, data: { rows: [{ id: 1 }], nextCursor: null } });
    await first;
    expect(store.getState().rows.map((r) => r.id)).toEqual([9, 8]);
    expect(store.getState().total).toBe(40);
    const more = store.getState().loadMore();
    expect(calls[2]).toEqual({ q: 'x', cursor: 8 });
    resolvers[2]({ ok: false, error: { code: 'internal', message: 'gone' } });
    await more;
    expect(store.getState().error?.message).toBe('gone');
    expect(store.getState().rows).toHaveLength(2);
  });
});

describe('departments, storefront and sizes', () => {
  const dept = (id: number, name: string): DepartmentView => ({
    id, name, description: null, cermCustomerId: null, cermCustomerName: null, cermCostCode: null, members: 0, createdAt: 0, updatedAt: 0,
  });

  it('keeps departments in name order as they are saved', () => {
    const list = upsertDepartment([dept(1, 'Beta'), dept(2, 'delta')], dept(3, 'Charlie'));
    expect(list.map((d) => d.name)).toEqual(['Beta', 'Charlie', 'delta']);
    expect(upsertDepartment(list, { ...dept(1, 'Zulu') }).map((d) => d.id)).toEqual([3, 2, 1]);
  });

  it('accepts a burst of 1 to 500 and summarises the outcomes', () => {
    expect(parseBurstCount('25')).toBe(25);
    expect(parseBurstCount('0')).toBeNull();
    expect(parseBurstCount('501')).toBeNull();
    expect(parseBurstCount('2.5')).toBeNull();
    expect(parseBurstCount('')).toBeNull();
    expect(burstSummary({ sent: 25, failed: 1, outcomes: { created: 12, linked: 12, 'http 500': 1 }, durationMs: 1200 })).toBe(
      '25 sent · 1 failed · 12 created, 12 linked, 1 http 500 · 1.2 s',
    );
  });

  it('writes byte sizes short', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(52 * 1024 * 1024)).toBe('52 MB');
  });
});
