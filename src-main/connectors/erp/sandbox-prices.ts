// The ERP simulator's sales price inquiry (AR202000 as an inquiry entity): PUT SalesPricesInquiry with the filter in
// the body (PriceType, PriceCode, InventoryID) and $expand=SalesPriceDetails. Assumed: $top/$skip page the detail
// lines, so a full export of a large price book is paged (see README.md).
import { randomUUID } from 'node:crypto';
import type { SandboxReply } from '../../sandbox/sandbox-server';
import { PRICE_CLASSES, type PriceBook, type SimCustomer } from './sandbox-data';
import { expandOf, pagingOf, valueOf, wrapAll } from './sandbox-odata';
import { wirePrice } from './sandbox-wire';

export const PRICE_TYPES = ['All Prices', 'Customer', 'Customer Price Class', 'Base'] as const;

function* range(from: number, to: number): Generator<number> {
  for (let n = from; n < to; n++) yield n;
}

export function priceInquiry(book: PriceBook, customers: readonly SimCustomer[], itemCount: number, body: Record<string, unknown>, q: URLSearchParams, emptied: ReadonlySet<string> = new Set()): SandboxReply {
  const type = (valueOf(body.PriceType) as string | null | undefined) ?? 'All Prices';
  const code = (valueOf(body.PriceCode) as string | null | undefined) ?? null;
  const item = (valueOf(body.InventoryID) as string | null | undefined) ?? null;
  if (!(PRICE_TYPES as readonly string[]).includes(type))
    return { status: 422, body: { ...body, PriceType: { value: type, error: `'${type}' is not a valid price type.` }, error: 'The inquiry filter has at least one error.' } };
  const { top, skip } = pagingOf(q);
  // The indices of the prices the filter selects, worked out without reading the others (the book may hold 1,000,000).
  const indices = ((): Iterable<number> => {
    if (type === 'Base') return [];
    if (type === 'Customer Price Class') {
      if (code === null) return range(0, book.classCount);
      const k = PRICE_CLASSES.findIndex((p) => p.PriceClassID === code);
      return k < 0 ? [] : range(k * itemCount, Math.min(book.classCount, (k + 1) * itemCount));
    }
    if (type === 'Customer') {
      if (code === null) return range(book.classCount, book.total);
      const c = customers.findIndex((x) => x.CustomerID === code);
      return c < 0 ? [] : book.ofCustomer(c + 1);
    }
    return range(0, book.total);
  })();
  const details: object[] = [];
  let seen = 0;
  // Without a per-price test the skipped ones need not be worked out (a deep page of 1,000,000 stays cheap).
  const plain = item === null && !(code !== null && type === 'All Prices') && emptied.size === 0;
  if (expandOf(q).has('SalesPriceDetails'))
    for (const n of indices) {
      if (plain && seen < skip) {
        seen++;
        continue;
      }
      const p = book.at(n);
      if (item !== null && p.InventoryID !== item) continue;
      if (p.PriceType === 'Customer Price Class' && emptied.has(p.PriceCode)) continue;
      if (code !== null && type === 'All Prices' && p.PriceCode !== code) continue;
      if (seen++ < skip) continue;
      if (top !== null && details.length >= top) break;
      details.push(wirePrice(p, details.length + 1));
    }
  return { status: 200, body: { id: randomUUID(), rowNumber: 1, note: null, custom: {}, ...wrapAll({ PriceType: type, PriceCode: code, InventoryID: item, EffectiveAsOf: null }), SalesPriceDetails: details } };
}
