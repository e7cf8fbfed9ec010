import { afterEach, describe, expect, it } from 'vitest';
import { startCermCore, type CermHarness } from './cerm-harness';
import type { RecordChangePage, RunDetail } from '../../../src-preload/contract';

let h: CermHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

async function call<T>(h: CermHarness, channel: string, input: unknown): Promise<T> {
  const r = await h.core.dispatch(channel as never, input as never);
  if (!r.ok) throw new Error(r.error.message);
  return r.data as T;
}

describe('CERM field-level diffs', () => {
  it('a customer download records which fields each update changed, old and new value, on the run page and the record page', async () => {
    h = await startCermCore({ customers: 300 });
    const first = await h.run('download-customers');
    expect(first.status).toBe('success');
    // A first download creates everything: nothing to diff.
    expect((await call<RecordChangePage>(h, 'changes:of-run', { runId: first.id })).changes).toEqual([]);

    const [c1, c2] = h.sandbox.customers;
    const before1 = { name: c1!.Name, city: c1!.City };
    const email2 = c2!.Email;
    expect(email2).not.toBeNull();
    h.sandbox.changeCustomer(c1!.Id, { Name: 'Drukkerij Nieuw', City: 'Brugge' });
    h.sandbox.changeCustomer(c2!.Id, { Email: null });
    const second = await h.run('download-customers');
    expect(second.counts).toMatchObject({ updated: 2, created: 0 });

    const ofRun = (await call<RecordChangePage>(h, 'changes:of-run', { runId: second.id })).changes;
    expect(ofRun.map((c) => [c.entityId, c.field, c.from, c.to])).toEqual(
      expect.arrayContaining([
        [c1!.Id, 'name', before1.name, 'Drukkerij Nieuw'],
        [c1!.Id, 'city', before1.city, 'Brugge'],
        [c2!.Id, 'email', email2, null],
      ]),
    );
    expect(ofRun).toHaveLength(before1.city === 'Brugge' ? 2 : 3);
    expect(ofRun.every((c) => c.runId === second.id && c.source === 'download-customers' && c.connectorId === 'cerm')).toBe(true);

    // The run's page lists each update with its fields.
    const detail = await call<RunDetail>(h, 'sync:run-detail', { runId: second.id, limit: 50 });
    const item = detail.items.find((i) => i.entityId === c1!.Id)!;
    expect(item.action).toBe('updated');
    expect(item.changes).toEqual(expect.arrayContaining([{ field: 'name', from: before1.name, to: 'Drukkerij Nieuw' }]));

    // The record's page: newest first, across runs.
    h.sandbox.changeCustomer(c1!.Id, { Name: 'Drukkerij Nieuwer' });
    const third = await h.run('download-customers');
    const ofRecord = (await call<RecordChangePage>(h, 'changes:of-records', { records: [{ entityType: 'cerm_customer', entityId: c1!.Id }] })).changes;
    expect(ofRecord.map((c) => [c.runId, c.field, c.from, c.to])[0]).toEqual([third.id, 'name', 'Drukkerij Nieuw', 'Drukkerij Nieuwer']);
    expect(ofRecord.filter((c) => c.runId === second.id).map((c) => c.field).sort()).toEqual(before1.city === 'Brugge' ? ['name'] : ['city', 'name']);
    // Unchanged customers leave no diff.
    expect((await call<RecordChangePage>(h, 'changes:of-records', { records: [{ entityType: 'cerm_customer', entityId: h.sandbox.customers[5]!.Id }] })).changes).toEqual([]);
  });

  it('the address sync records each changed address field, and a page reads them back in pages', async () => {
    h = await startCermCore();
    await h.configure({ feedOverlapSeconds: 0 });
    const a = await h.addCustomer(1, '000003');
    await h.run('sync-addresses');
    const [a1] = h.sandbox.addressesOf('000003');
    const was = { street: a1!.Street, number: a1!.Number };
    h.sandbox.changeAddress(a1!.Id, { Street: 'Korenmarkt', Number: '3' });
    const run = await h.run('sync-addresses');
    expect(run.counts.updated).toBe(1);
    const changes = (await call<RecordChangePage>(h, 'changes:of-records', { records: [{ entityType: 'address', entityId: a1!.Id }] })).changes;
    expect(changes.map((c) => [c.field, c.from, c.to]).sort()).toEqual(
      [
        ['number', was.number, '3'],
        ['street', was.street, 'Korenmarkt'],
      ].filter(([, from, to]) => from !== to).sort(),
    );
    expect(changes.every((c) => c.runId === run.id && c.source === 'sync-addresses')).toBe(true);
    // The customer's own page asks for the customer and its addresses at once, a page at a time.
    const page1 = await call<RecordChangePage>(h, 'changes:of-records', { records: [{ entityType: 'customer', entityId: String(a) }, { entityType: 'address', entityId: a1!.Id }], limit: 1 });
    expect(page1.changes).toHaveLength(1);
    expect(page1.nextCursor).toBe(page1.changes[0]!.id);
    const page2 = await call<RecordChangePage>(h, 'changes:of-records', { records: [{ entityType: 'address', entityId: a1!.Id }], cursor: page1.nextCursor!, limit: 10 });
    expect([...page1.changes, ...page2.changes].map((c) => c.id)).toEqual(changes.map((c) => c.id));
    expect(page2.nextCursor).toBeNull();
  });

  it('a preview shows field by field what an update would change, and records nothing', async () => {
    h = await startCermCore({ customers: 100 });
    await h.run('download-customers');
    const c = h.sandbox.customers[3]!;
    const name = c.Name;
    h.sandbox.changeCustomer(c.Id, { Name: 'Preview Naam' });
    const preview = await call<{ items: { entityId: string; changes?: unknown }[] }>(h, 'sync:preview', { connectorId: 'cerm', taskId: 'download-customers' });
    expect(preview.items.find((i) => i.entityId === c.Id)?.changes).toEqual([{ field: 'name', from: name, to: 'Preview Naam' }]);
    expect(await h.sql.value(`SELECT COUNT(*) FROM record_changes`)).toBe(0);
  });
});
