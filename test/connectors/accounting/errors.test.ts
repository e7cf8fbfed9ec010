// What goes wrong on the wire becomes a RemoteError of the right kind, with words that say where.
import { describe, expect, it } from 'vitest';
import { clientFor, collect, remoteErrorOf, startSandbox, useAccountingSandboxes } from './accounting-harness';

useAccountingSandboxes();

describe('accounting answers that cannot be read', () => {
  it('a customer page of cut JSON stops the read with a clear validation error', async () => {
    const sandbox = await startSandbox({ customers: 1_000 });
    sandbox.pageFault = { route: 'customers', call: 2, kind: 'malformed' };
    const read: number[] = [];
    const err = await remoteErrorOf(
      (async () => {
        for await (const p of clientFor(sandbox, { pageSize: 300 }).allCustomers()) read.push(p.records.length);
      })(),
    );
    expect(read).toEqual([300]);
    expect(err.kind).toBe('validation');
    expect(err.message).toMatch(/^Infusion customer search at offset 300: the answer is not valid JSON \(.+\)$/);
    expect(err.extra.details).toMatch(/^GET \/api\/v1\/customers\/search\?offset=300&limit=300 -> 200\n< \{"items":\[/);
  });

  it('a sync record of the wrong shape names the record, its UUID and the field', async () => {
    const sandbox = await startSandbox({ customers: 100 });
    sandbox.pageFault = { route: 'customerSync', call: 1, kind: 'badRecord' };
    const err = await remoteErrorOf(collect(clientFor(sandbox, { pageSize: 50 }).syncFeed(null)));
    expect(err.kind).toBe('validation');
    const fiftieth = (await collect(clientFor(sandbox, { pageSize: 50 }).syncFeed(null)))[0]!.records[49]!.uuid;
    expect(err.message).toBe(`Infusion customer sync from the beginning, record 50 (uuid ${fiftieth}): versionNumber should be a number, not "one"`);
  });

  it('cut JSON in the custom fields fails the connection test the same way', async () => {
    const sandbox = await startSandbox({ customers: 10 });
    sandbox.pageFault = { route: 'customFields', call: 1, kind: 'malformed' };
    const err = await remoteErrorOf(clientFor(sandbox).testConnection());
    expect(err.message).toMatch(/^Infusion custom fields at offset 0: the answer is not valid JSON/);
  });
});

describe('accounting under the sandbox faults', () => {
  it('down: connection refused, a connectivity failure; back up: works again on the same address', async () => {
    const sandbox = await startSandbox({ customers: 10 });
    const client = clientFor(sandbox);
    await sandbox.setFaults({ down: true });
    const err = await remoteErrorOf(client.customersPage(0));
    expect(err.kind).toBe('connectivity');
    expect(err.retryable).toBe(true);
    expect(err.message).toBe(`Infusion customer search at offset 0: connection refused (ECONNREFUSED) (Infusion at ${new URL(sandbox.url!).host})`);
    await sandbox.setFaults({ down: false });
    expect((await client.customersPage(0)).records).toHaveLength(10);
  });

  it('hang: the call times out as a connectivity failure that may have reached Infusion', async () => {
    const sandbox = await startSandbox({ customers: 10 });
    await sandbox.setFaults({ hang: true });
    const err = await remoteErrorOf(clientFor(sandbox, { timeoutMs: 1_000 }).syncPage(null));
    expect(err.kind).toBe('connectivity');
    expect(err.extra.code).toBe('TIMEOUT');
    expect(err.extra.maybeApplied).toBe(true);
    expect(err.message).toMatch(/^Infusion customer sync from the beginning: the remote did not answer in time \(timeout\)/);
  });

  it('reset and error rate: each failure is a retryable connectivity error; latency alone only slows', async () => {
    const sandbox = await startSandbox({ customers: 10 });
    const client = clientFor(sandbox, { timeoutMs: 1_000 });
    await sandbox.setFaults({ reset: true });
    expect((await remoteErrorOf(client.listCustomFields())).kind).toBe('connectivity');
    await sandbox.setFaults({ reset: false, errorRate: 1 });
    for (let i = 0; i < 3; i++) {
      const err = await remoteErrorOf(client.customersPage(i));
      expect(err.kind).toBe('connectivity');
      expect(err.retryable).toBe(true);
    }
    expect(sandbox.faultsInjected).toBe(3);
    await sandbox.setFaults({ errorRate: 0, latencyMs: 100 });
    expect((await client.customersPage(0)).records).toHaveLength(10);
  });
});
