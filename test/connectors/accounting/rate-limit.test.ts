// Infusion allows ten requests a second per license: the simulator enforces it, the client keeps to it. Assertions
// are on the simulator's counters (arrivals per rolling second, refusals), never on how long anything took.
import { describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS, SANDBOX_PATHS } from '../../../src-main/connectors/accounting/sandbox';
import { RequestPacer } from '../../../src-main/connectors/accounting/request-pacer';
import { clientFor, collect, remoteErrorOf, startSandbox, useAccountingSandboxes } from './accounting-harness';

useAccountingSandboxes();

describe("the simulator's rate limit", () => {
  it('answers 429 with Retry-After beyond ten requests in a rolling second', async () => {
    const sandbox = await startSandbox({ customers: 10 });
    const headers = { licenseuuid: SANDBOX_CREDENTIALS.licenseUuid, sessionuuid: sandbox.sessionUuid };
    const answers = await Promise.all(Array.from({ length: 15 }, () => fetch(`${sandbox.url}${SANDBOX_PATHS.customers}?limit=1`, { headers })));
    expect(answers.filter((r) => r.status === 200)).toHaveLength(10);
    const refused = answers.filter((r) => r.status === 429);
    expect(refused).toHaveLength(5);
    for (const r of refused) expect(r.headers.get('retry-after')).toBe('1');
    expect(await refused[0]!.json()).toEqual({ errorCode: 'RATE_LIMIT_EXCEEDED', message: 'More than 10 requests a second for this license.' });
    expect(sandbox.rate).toMatchObject({ refused: 5, peakAdmittedPerSecond: 10, peakArrivalsPerSecond: 15 });
  });
});

describe("the client's pace", () => {
  it('reads 5,000 customers in small pages, with the feed read beside it, never above ten requests a second', async () => {
    const sandbox = await startSandbox({ customers: 5_000 });
    const list = clientFor(sandbox, { pageSize: 200 });
    const feed = clientFor(sandbox, { pageSize: 500 });
    // Two clients of one connection share one pace keeper, as they share the license's limit.
    expect(feed.pacer).toBe(list.pacer);
    const [pages, changes, fields] = await Promise.all([collect(list.allCustomers()), collect(feed.syncFeed(null)), feed.listCustomFields()]);
    expect(pages.flatMap((p) => p.records)).toHaveLength(5_000);
    expect(changes.flatMap((p) => p.records)).toHaveLength(5_000);
    expect(fields).toHaveLength(14);
    expect(sandbox.requests).toBe(25 + 10 + 1);
    expect(sandbox.rate.refused).toBe(0);
    expect(sandbox.rate.peakArrivalsPerSecond).toBeLessThanOrEqual(10);
  });

  it('has teeth: a client paced faster than the license allows is refused, waits each 429 out, and still reads everything', async () => {
    const sandbox = await startSandbox({ customers: 2_000 });
    const waits: number[] = [];
    const client = clientFor(sandbox, { pageSize: 100 }, { pacer: new RequestPacer({ limit: 40 }), onRateLimited: (ms) => waits.push(ms), max429Retries: 10 });
    const pages = await collect(client.allCustomers());
    expect(pages.flatMap((p) => p.records)).toHaveLength(2_000);
    expect(sandbox.rate.peakArrivalsPerSecond).toBeGreaterThan(10);
    expect(sandbox.rate.refused).toBeGreaterThan(0);
    expect(waits).toHaveLength(sandbox.rate.refused);
    expect(sandbox.rate.peakAdmittedPerSecond).toBeLessThanOrEqual(10);
  });

  it('waits a forced 429 out as its Retry-After says, then goes on', async () => {
    const sandbox = await startSandbox({ customers: 10 });
    const waits: [number, string][] = [];
    const client = clientFor(sandbox, {}, { onRateLimited: (ms, what) => waits.push([ms, what]) });
    sandbox.forceRateLimit(2, 1);
    const page = await client.customersPage(0, 5);
    expect(page.records).toHaveLength(5);
    expect(waits).toEqual([
      [1000, 'Infusion customer search at offset 0'],
      [1000, 'Infusion customer search at offset 0'],
    ]);
    const [first, second, third] = sandbox.rate.events;
    expect([first!.admitted, second!.admitted, third!.admitted]).toEqual([false, false, true]);
    // The simulator saw each retry at least the asked second after the refusal before it.
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1000);
    expect(third!.at - second!.at).toBeGreaterThanOrEqual(1000);
  });

  it('hands a long Retry-After to the engine as rate_limited instead of waiting it here', async () => {
    const sandbox = await startSandbox({ customers: 10 });
    const waits: number[] = [];
    sandbox.forceRateLimit(1, 120);
    const err = await remoteErrorOf(clientFor(sandbox, {}, { onRateLimited: (ms) => waits.push(ms) }).customersPage(0));
    expect(err.kind).toBe('rate_limited');
    expect(err.retryable).toBe(true);
    expect(err.extra.retryAfterMs).toBe(120_000);
    expect(err.message).toBe(
      'Infusion customer search at offset 0: Infusion answered HTTP 429 "More than 10 requests a second for this license."; Infusion allows 10 requests a second, and asks to wait 120 s',
    );
    expect(waits).toEqual([]);
  });

  it('gives up as rate_limited after its retries', async () => {
    const sandbox = await startSandbox({ customers: 10 });
    sandbox.forceRateLimit(5, 0);
    const err = await remoteErrorOf(clientFor(sandbox, {}, { max429Retries: 2 }).customersPage(0));
    expect(err.kind).toBe('rate_limited');
    expect(sandbox.rate.refused).toBe(3);
  });
});
