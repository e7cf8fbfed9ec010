// The ERP client under the simulator's fault switches (down, reset, error rate, latency, a full request queue), records
// of the wrong shape, and the settings.
import { describe, expect, it } from 'vitest';
import { ERP_DEFAULTS, ERP_FIELDS, ERP_SECRET_FIELDS, erpSettingsSchema } from '../../../src-main/connectors/erp/settings';
import { customerOf, fieldErrorsOf, listOf } from '../../../src-main/connectors/erp/parse';
import { clientFor, collect, remoteErrorOf, startSandbox, useErpSandboxes } from './erp-harness';

useErpSandboxes();

describe('ERP faults', () => {
  it('down: connectivity, retryable, then connection refused with nothing sent; back up: the same client works', async () => {
    const sandbox = await startSandbox();
    const client = clientFor(sandbox);
    await client.customer('C000001');
    await sandbox.setFaults({ down: true });
    const err = await remoteErrorOf(client.customer('C000002'));
    expect(err.kind).toBe('connectivity');
    expect(err.retryable).toBe(true);
    // The first call may find its kept-alive socket closed (a reset); the next one finds nothing listening.
    const refused = await remoteErrorOf(client.customer('C000002'));
    expect(refused.extra.maybeApplied).toBe(false);
    expect(refused.message).toBe(`Reading ERP customer C000002: connection refused (ECONNREFUSED) (ERP at ${new URL(sandbox.url!).host})`);
    await sandbox.setFaults({ down: false });
    expect((await client.customer('C000002'))?.accountNumber).toBe('C000002');
  });

  it('a reset connection on an order create may have reached the ERP: connectivity with maybeApplied', async () => {
    const sandbox = await startSandbox();
    const client = clientFor(sandbox);
    await client.customer('C000001');
    sandbox.loseNextReplies = 1;
    const err = await remoteErrorOf(client.createSalesOrder({ customerId: 'C000001', customerOrder: 'WEB-LOST', lines: [{ inventoryId: 'ITEM-00001', quantity: 1 }] }));
    expect(err.kind).toBe('connectivity');
    expect(err.extra.maybeApplied).toBe(true);
    // The order exists though its answer was lost: the lookup before a retry finds it, so no second one is made.
    const again = await client.placeSalesOrder({ customerId: 'C000001', customerOrder: 'WEB-LOST', lines: [{ inventoryId: 'ITEM-00001', quantity: 1 }] });
    expect(again.created).toBe(false);
    expect(sandbox.ordersByCustomerOrder.get('WEB-LOST')).toBe(1);
  });

  it('every request failing (error rate 1): a retryable connectivity failure; latency alone only slows calls', async () => {
    const sandbox = await startSandbox();
    const client = clientFor(sandbox, { timeoutMs: 1_000 });
    await sandbox.setFaults({ errorRate: 1 });
    const err = await remoteErrorOf(client.customer('C000001'));
    expect(err.kind).toBe('connectivity');
    expect(sandbox.faultsInjected).toBe(1);
    await sandbox.setFaults({ errorRate: 0, latencyMs: 20 });
    expect((await collect(client.customersChangedSince(null, 100))).flatMap((p) => p.records)).toHaveLength(120);
  });

  it('a full request queue answers 429 in plain text: rate_limited, with the ERP\'s words', async () => {
    const sandbox = await startSandbox();
    const client = clientFor(sandbox);
    sandbox.tooManyNext = 1;
    const err = await remoteErrorOf(client.findSalesOrders('WEB-1'));
    expect(err.kind).toBe('rate_limited');
    expect(err.message).toBe('Looking up ERP sales orders with customer order WEB-1: the ERP answered HTTP 429 "API Request Limit: too many requests are waiting in the queue."');
    expect(await client.findSalesOrders('WEB-1')).toEqual([]);
  });

  it('a record of the wrong shape fails as validation naming the call, the record and the field', async () => {
    const sandbox = await startSandbox();
    (sandbox.customer('C000003') as { CustomerName: unknown }).CustomerName = null;
    const err = await remoteErrorOf(collect(clientFor(sandbox).customersChangedSince(null, 50)));
    expect(err.kind).toBe('validation');
    expect(err.message).toBe('Reading ERP customers changed since the beginning (from record 1), customer C000003 (record 3): CustomerName should be text, not null');
  });
});

describe('ERP parse', () => {
  it('names a missing field without the wrapping, and reads field errors at any depth', () => {
    expect(() => listOf([{ id: 'x', CustomerID: { value: 'C1' }, CustomerName: { value: 'A' }, LastModifiedDateTime: { value: '2024-01-01T00:00:00+00:00' } }], 'Reading', customerOf, 'CustomerID', 'customer')).toThrow(
      'Reading, customer C1 (record 1): Status is missing',
    );
    expect(fieldErrorsOf('{"error":"Top.","Details":[{"InventoryID":{"value":"X","error":"bad."}}]}', 'SalesOrder')).toEqual({ summary: 'Top.', fields: ['SalesOrder Details[0].InventoryID: bad'] });
    expect(fieldErrorsOf('not json', 'SalesOrder')).toBeNull();
  });
});

describe('ERP settings', () => {
  it('fills the defaults, keeps the password secret, and lists a field for every setting', () => {
    const s = erpSettingsSchema.parse({ baseUrl: 'https://erp.example.com/Inst', username: 'api', password: 'p' });
    expect(s).toMatchObject({ baseUrl: 'https://erp.example.com/Inst/', endpointVersion: '24.200.001', tenant: '', pageSize: 500, orderType: 'SO', overlapSeconds: 60, accountEditing: 'allowed' });
    expect(ERP_SECRET_FIELDS).toEqual(['password']);
    expect(ERP_FIELDS.find((f) => f.key === 'password')!.kind).toBe('secret');
    expect(new Set(ERP_FIELDS.map((f) => f.key))).toEqual(new Set([...Object.keys(ERP_DEFAULTS), 'password']));
    expect(new Set(Object.keys(erpSettingsSchema.shape))).toEqual(new Set(ERP_FIELDS.map((f) => f.key)));
  });

  it('refuses what cannot work, saying why', () => {
    const r = erpSettingsSchema.safeParse({ baseUrl: 'ftp://erp', username: '', password: 'p', endpointVersion: '24.2', accountEditing: 'maybe', orderType: 'S-O' });
    expect(r.success).toBe(false);
    const msgs = r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(msgs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^baseUrl: the ERP address must be an http\(s\) URL/),
        'username: the user name is required',
        'endpointVersion: the endpoint version looks like 24.200.001',
        'orderType: the order type must be two letters or digits, e.g. SO',
        expect.stringMatching(/^accountEditing: /),
      ]),
    );
  });
});
