import type { CermCustomerView } from '../../../../src-preload/contract';
import { api } from '../../api/client';
import { createKeysetList } from '../../components/keyset-list';

export type CermCursor = { name: string; cermId: string };

const PAGE_SIZE = 200;

/** A searchable, keyset-paged view of the last CERM download; each screen that browses it owns one. */
export function createCermCustomerList() {
  return createKeysetList<CermCustomerView, { q: string }, CermCursor>({
    initialQuery: { q: '' },
    rowKey: (c) => c.cermId,
    fetchPage: (query, cursor) => api().cermCustomers({ q: query.q.trim() || undefined, cursor, limit: PAGE_SIZE }),
  });
}
