// Pages parsed on a thread of their own (the ERP's parse worker, started from source): the same records as parsed
// inline, the parser's validation errors kept whole across the thread, and a thread that dies fails its pages in plain
// words and is started again for the next one.
import { afterEach, describe, expect, it } from 'vitest';
import startErpParseWorker from '../../src-main/connectors/erp/parse-worker?nodeWorker';
import { ERP_PAGE_PARSERS } from '../../src-main/connectors/erp/parse';
import { createOffThreadParser, parseHere, type OffThreadParser } from '../../src-main/engine/off-thread-parser';
import { RemoteError } from '../../src-main/engine/remote-error';

const customer = (n: number, extra: Record<string, unknown> = {}) => ({
  id: `uuid-${n}`,
  CustomerID: { value: `C${n}` },
  CustomerName: { value: `Customer ${n}` },
  Status: { value: 'Active' },
  Terms: { value: '30D' },
  LastModifiedDateTime: { value: '2026-11-30T10:00:00+00:00' },
  MainContact: { Email: { value: `c${n}@example.com` }, Address: { City: { value: 'Springfield' } } },
  ...extra,
});

let parser: OffThreadParser | null = null;
const started = () => (parser = createOffThreadParser(startErpParseWorker, 'ERP page parser (test)'));
afterEach(async () => {
  await parser?.close();
  parser = null;
});

const rejectionOf = async (p: Promise<unknown>): Promise<RemoteError> => {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(RemoteError);
    return err as RemoteError;
  }
  throw new Error('expected the parse to fail');
};

describe('off-thread page parser', () => {
  it('answers the records the inline parser gives, page after page, several at once', async () => {
    const p = started();
    const pages = [1, 2, 3].map((k) => JSON.stringify(Array.from({ length: 50 }, (_, i) => customer(k * 100 + i))));
    const heard: string[] = [];
    const off = await Promise.all(
      pages.map((t, i) =>
        p.parse<{ accountNumber: string }>('customers', t, `page ${i + 1}`, '', (n) => heard.push(`page ${i + 1}: ${n} records`)).then((records) => {
          heard.push(`page ${i + 1}: parsed`);
          return records;
        }),
      ),
    );
    expect(off).toEqual(pages.map((t, i) => parseHere(ERP_PAGE_PARSERS.customers, t, `page ${i + 1}`, '')));
    expect(off[2]![49]).toMatchObject({ accountNumber: 'C349', email: 'c349@example.com' });
    // Each page's size is told before its records arrive.
    for (const page of ['page 1', 'page 2', 'page 3']) expect(heard.indexOf(`${page}: 50 records`)).toBeLessThan(heard.indexOf(`${page}: parsed`));
    expect(heard).toHaveLength(6);
  });

  it('keeps the parser\'s validation errors whole: kind, the record and field named, the details', async () => {
    const p = started();
    const bad = JSON.stringify([customer(1), customer(2, { CustomerName: { value: null } })]);
    const err = await rejectionOf(p.parse('customers', bad, 'Reading ERP customers (from record 1)', '< the excerpt'));
    expect(err.kind).toBe('validation');
    expect(err.message).toBe('Reading ERP customers (from record 1), customer C2 (record 2): CustomerName should be text, not null');
    const notJson = await rejectionOf(p.parse('contacts', '[{"id": "x", ', 'Reading ERP contacts (from record 1)', '< [{"id": "x", '));
    expect(notJson.kind).toBe('validation');
    expect(notJson.message).toMatch(/^Reading ERP contacts \(from record 1\): the answer is not valid JSON \(/);
    expect(notJson.extra).toMatchObject({ code: 'BAD_FORMAT', details: '< [{"id": "x", ' });
    const unknown = await rejectionOf(p.parse('orders', '[]', 'Reading ERP orders', ''));
    expect(unknown.kind).toBe('local');
    expect(unknown.message).toBe('Reading ERP orders: no parser for orders');
  });

  it('a thread that stops fails the pages it held in plain words, and the next page starts a new one', async () => {
    const p = started();
    const big = JSON.stringify(Array.from({ length: 20_000 }, (_, i) => customer(i)));
    const held = p.parse('customers', big, 'page 1', '');
    await p.close();
    const err = await rejectionOf(held);
    expect(err.kind).toBe('local');
    expect(err.message).toMatch(/^ERP page parser \(test\): the parsing thread stopped \(exit code \d+\); the page was not read$/);
    const again = await p.parse<{ accountNumber: string }>('customers', JSON.stringify([customer(7)]), 'page 2', '');
    expect(again.map((c) => c.accountNumber)).toEqual(['C7']);
  });
});
