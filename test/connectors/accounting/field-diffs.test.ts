import { afterEach, describe, expect, it } from 'vitest';
import { startAccountingCore, type AccountingCore } from './accounting-core';
import { FLAG_FIELD } from '../../../src-main/connectors/accounting/sandbox-data';

let h: AccountingCore | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('accounting import field-level diffs', () => {
  it("records each imported customer's accounting state change, old and new, on the run and the customer", async () => {
    h = await startAccountingCore();
    const [a, b] = h.sandbox.addCustomers([
      { name: 'Stays Ltd', customFields: { [FLAG_FIELD]: true }, contacts: [{ firstName: 'Sam', lastName: 'Stays', email: 'sam@stays.test' }] },
      { name: 'Goes Ltd', customFields: { [FLAG_FIELD]: true }, contacts: [{ firstName: 'Gil', lastName: 'Goes', email: 'gil@goes.test' }] },
    ]);
    const first = await h.run();
    expect((await h.call('changes:of-run', { runId: first.id })).changes).toEqual([]);
    h.sandbox.unflag(a!.uuid);
    h.sandbox.deleteCustomer(b!.uuid);
    const second = await h.run();
    const sam = (await h.repos.customers.byEmail('sam@stays.test'))!.id;
    const gil = (await h.repos.customers.byEmail('gil@goes.test'))!.id;
    const ofRun = (await h.call('changes:of-run', { runId: second.id })).changes;
    expect(ofRun.map((c) => [c.entityType, c.entityId, c.field, c.from, c.to]).sort()).toEqual(
      [
        ['customer', String(sam), 'accounting state', 'flagged', 'unflagged'],
        ['customer', String(gil), 'accounting state', 'flagged', 'deleted'],
      ].sort(),
    );
    const detail = await h.call('sync:run-detail', { runId: second.id, limit: 10 });
    expect(detail.items.find((i) => i.entityId === String(sam))?.changes).toEqual([{ field: 'accounting state', from: 'flagged', to: 'unflagged' }]);
    h.sandbox.flag(a!.uuid);
    const third = await h.run();
    const ofSam = (await h.call('changes:of-records', { records: [{ entityType: 'customer', entityId: String(sam) }] })).changes;
    expect(ofSam.map((c) => [c.runId, c.from, c.to])).toEqual([
      [third.id, 'unflagged', 'flagged'],
      [second.id, 'flagged', 'unflagged'],
    ]);
  });
});
