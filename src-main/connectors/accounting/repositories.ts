// The accounting connector's own table (accounting_links), behind the store's port like every repository.
import type { Db } from '../../store/database';
import { containsPattern } from '../../store/like';
import { IMPORTED_SELECT as SELECT, toImported, toLink, type AccountingLinkRow, type ImportedCustomerRow, type LinkState, type RawLink } from './link-rows';

export type { AccountingLinkRow, ImportedCustomerRow, LinkState } from './link-rows';

export function createAccountingRepo(db: Db) {
  const insert = db.prepare(`INSERT INTO accounting_links (customer_id, accounting_uuid, account_number, state, version_number, imported_at, run_id, state_changed_at)
    VALUES (?, ?, ?, 'flagged', ?, ?, ?, ?)`);
  const byUuid = db.prepare(`SELECT * FROM accounting_links WHERE accounting_uuid = ?`);
  const byCustomer = db.prepare(`SELECT * FROM accounting_links WHERE customer_id = ?`);
  const setState = db.prepare(`UPDATE accounting_links SET state = ?, version_number = ?, state_changed_at = ? WHERE customer_id = ? AND state <> ?`);
  const setVersion = db.prepare(`UPDATE accounting_links SET version_number = ? WHERE customer_id = ?`);
  const count = db.prepare(`SELECT COUNT(*) FROM accounting_links`).pluck();

  return {
    link(l: { customerId: number; accountingUuid: string; accountNumber: string; versionNumber: number | null; runId: number | null }, now: number): void {
      insert.run(l.customerId, l.accountingUuid, l.accountNumber, l.versionNumber, now, l.runId, now);
    },
    byUuid(uuid: string): AccountingLinkRow | null {
      const r = byUuid.get(uuid) as RawLink | undefined;
      return r ? toLink(r) : null;
    },
    byCustomer(customerId: number): AccountingLinkRow | null {
      const r = byCustomer.get(customerId) as RawLink | undefined;
      return r ? toLink(r) : null;
    },
    /** Moves a link to a new state; false when it was in that state already. */
    setState(customerId: number, state: LinkState, versionNumber: number | null, now: number): boolean {
      return setState.run(state, versionNumber, now, customerId, state).changes === 1;
    },
    setVersion(customerId: number, versionNumber: number | null): void {
      setVersion.run(versionNumber, customerId);
    },
    count(): number {
      return count.get() as number;
    },
    /** Imported customers, newest first by keyset, searched by email, name or account number. */
    page(opts: { q?: string; after: number | null; limit: number }): { rows: ImportedCustomerRow[]; next: number | null } {
      const where: string[] = [];
      const params: Record<string, unknown> = { limit: opts.limit + 1 };
      if (opts.q) {
        where.push(`(c.email LIKE @q ESCAPE '\\' OR c.first_name || ' ' || c.last_name LIKE @q ESCAPE '\\' OR c.company LIKE @q ESCAPE '\\' OR l.account_number LIKE @q ESCAPE '\\')`);
        params.q = containsPattern(opts.q);
      }
      if (opts.after) {
        where.push('l.customer_id < @after');
        params.after = opts.after;
      }
      const rows = (db.prepare(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY l.customer_id DESC LIMIT @limit`).all(params) as Parameters<typeof toImported>[0][]).map(toImported);
      const more = rows.length > opts.limit;
      const out = rows.slice(0, opts.limit);
      return { rows: out, next: more ? out[out.length - 1]!.customerId : null };
    },
    /** Every imported customer in id order, in keyset chunks (the CSV and XLSX exports). */
    *iterate(chunk = 1_000): Generator<ImportedCustomerRow> {
      let after = 0;
      for (;;) {
        const rows = (db.prepare(`${SELECT} WHERE l.customer_id > ? ORDER BY l.customer_id LIMIT ?`).all(after, chunk) as Parameters<typeof toImported>[0][]).map(toImported);
        yield* rows;
        if (rows.length < chunk) return;
        after = rows[rows.length - 1]!.customerId;
      }
    },
  };
}

export type AccountingRepo = ReturnType<typeof createAccountingRepo>;
