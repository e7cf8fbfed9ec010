import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { startCermCore, type CermHarness } from './cerm-harness';

let h: CermHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const TASK = 'download-customers';

/** The business columns of the mirror (download id and write time move when a page is stored again). */
async function mirrorContent(h: CermHarness) {
  return await h.sql.all(`SELECT cerm_id, number, name, cost_code, email, phone, street, postal_code, city, country, vat_number FROM cerm_customers ORDER BY cerm_id`);
}

/** A complete download to lose nothing of, then the failing run. */
async function afterGoodDownload(setup: (h: CermHarness) => Promise<void> | void) {
  h = await startCermCore();
  expect((await h.run(TASK)).status).toBe('success');
  const good = (await h.repos.downloads.latestComplete('cerm', 'customers'))!;
  const before = { content: await mirrorContent(h), raw: readFileSync(good.rawFile!) };
  expect(before.content).toHaveLength(2000);
  await setup(h);
  const run = await h.run(TASK);
  const line = (await h.logLines(`run:${TASK}`)).at(-1)!;
  const failedDownload = (await h.repos.downloads.recent('cerm', 'customers', 1))[0]!;
  // Nothing stored before is lost: the mirror, the last complete download and its file.
  expect(await mirrorContent(h)).toEqual(before.content);
  expect((await h.repos.downloads.latestComplete('cerm', 'customers'))!.id).toBe(good.id);
  expect(readFileSync(good.rawFile!).equals(before.raw)).toBe(true);
  expect(run.status).toBe('failed');
  expect(line.outcome).toBe('failure');
  expect(line.message).toBe(run.message);
  expect(failedDownload).toMatchObject({ status: 'failed' });
  expect(failedDownload.id).not.toBe(good.id);
  return { run, line, failedDownload };
}

describe('CERM bad input', () => {
  it('an unreachable endpoint', async () => {
    const { line, failedDownload } = await afterGoodDownload((h) => h.sandbox.setFaults({ down: true }).then(() => undefined));
    expect(line.message).toMatch(/^Download customers from CERM failed: CERM customer list page 1: connection refused \(ECONNREFUSED\) \(CERM at 127\.0\.0\.1:\d+\); 0 customers of this download were stored, nothing stored before was removed$/);
    expect(failedDownload.message).toMatch(/connection refused .*; the customers stored before are kept$/);
    expect((await h!.repos.connections.get('cerm'))?.state ?? 'ready').toBe('ready');
  });

  it('a 401 that a new sign-in cannot cure (the password changed)', async () => {
    const { line } = await afterGoodDownload((h) => {
      h.sandbox.credentials.password = 'changed-in-cerm';
      h.sandbox.revokeTokens();
    });
    expect(line.message).toMatch(/CERM refused the sign-in \(HTTP 400 "The user name or password is incorrect\."\)/);
    expect((await h!.repos.connections.get('cerm'))!.state).toBe('auth_required');
  });

  it('a malformed JSON page: the pages before it are kept, the page itself is saved as received', async () => {
    const { line, failedDownload } = await afterGoodDownload((h) => {
      h.sandbox.customerPageFault = { page: 3, kind: 'malformed' };
    });
    expect(line.message).toMatch(/^Download customers from CERM failed: CERM customer list page 3 is not valid JSON \(.+\); 1,000 customers of this download were stored/);
    expect(line.details).toMatch(/GET \/customer-api\/v1\/customers\?page=3&pageSize=500 -> 200/);
    expect(failedDownload).toMatchObject({ records: 1000, pages: 3 });
    const raw = readFileSync(failedDownload.rawFile!);
    expect(raw.subarray(0, 9).toString()).toBe('[{"Data":');
    expect(raw.byteLength).toBe(failedDownload.rawBytes);
    expect(() => JSON.parse(raw.toString('utf8'))).toThrow();
  });

  it('a page that never finishes (the body stops half way): the run ends at the timeout', async () => {
    const { line, failedDownload } = await afterGoodDownload(async (h) => {
      await h.configure({ timeoutMs: 1000 });
      h.sandbox.customerPageFault = { page: 2, kind: 'stall' };
    });
    expect(line.message).toMatch(/^Download customers from CERM failed: CERM customer list page 2: the remote did not answer in time \(timeout\) \(CERM at .+\); 500 customers of this download were stored/);
    expect(failedDownload).toMatchObject({ records: 500, pages: 1 });
  });

  it('a list that ignores the paging parameters is stopped, not read forever', async () => {
    const { line } = await afterGoodDownload((h) => h.configure({ pageParam: 'p', pageSize: 100 }));
    expect(line.message).toMatch(/CERM customer list page 2 starts with the same customer as page 1 \(000001\): CERM ignores the paging parameters/);
  });

  it('a change-feed record without an id names the page and the record', async () => {
    h = await startCermCore();
    await h.addCustomer(1, '000003');
    expect((await h.run('sync-addresses')).status).toBe('success');
    const stored = await h.repos.addresses.countByOrigin('cerm');
    h.sandbox.changeAddress(h.sandbox.addressesOf('000003')[0]!.Id, { Street: 'Elsewhere' });
    h.sandbox.addressFeedHook = () => ({ status: 200, body: { Data: [{ Id: '1', CustomerId: '000003', LastModified: '2025-01-01T00:00:00Z' }, { CustomerId: '000003', LastModified: '2025-01-01T00:00:00Z' }] } });
    const cursor = await h.repos.syncState.cursor('cerm', 'sync-addresses');
    const run = await h.run('sync-addresses');
    expect(run.status).toBe('failed');
    expect(run.message).toMatch(/^Sync addresses from CERM failed: CERM changed addresses after .+, record 2: Id is missing$/);
    expect(await h.repos.syncState.cursor('cerm', 'sync-addresses')).toBe(cursor);
    expect(await h.repos.addresses.countByOrigin('cerm')).toBe(stored);
  });
});
