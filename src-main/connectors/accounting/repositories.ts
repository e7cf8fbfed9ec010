// The accounting connector's own table (accounting_links), behind the store's port like every repository.
import type { Db } from '../../store/database';
import { containsPattern } from '../../store/like';
import { WELCOME_MAIL_KIND } from './ids';

export type LinkState = 'flagged' | 'unflagged' | 'deleted';

export interface AccountingLinkRow {
  customerId: number;
  accountingUuid: string;
  accountNumber: string;
  state: LinkState;
  versionNumber: number | null;
  importedAt: number;
}

export interface ImportedCustomerRow extends AccountingLinkRow {
  email: string;
  firstName: string;
  lastName: string;
  company: string | null;
  welcome: { jobStatus: string | null; sentAt: number | null; queuedAt: number | null; error: string | null } | null;
}

interface RawLink {
  customer_id: number;
  accounting_uuid: string;
  account_number: string;
  state: LinkState;
  version_number: number | null;
  imported_at: number;
}

const toLink = (r: RawLink): AccountingLinkRow => ({
  customerId: r.customer_id,
  accountingUuid: r.accounting_uuid,
  accountNumber: r.account_number,
  state: r.state,
  versionNumber: r.version_number,
  importedAt: r.imported_at,
});

export function createAccountingRepo(db: Db) {
  const insert = db.prepare(`INSERT INTO accounting_links (customer_id, accounting_uuid, account_number, state, version_number, imported_at, run_id, state_changed_at)
    VALUES (?, ?, ?, 'flagged', ?, ?, ?, ?)`);
  const byUuid = db.prepare(`SELECT * FROM accounting_links WHERE accounting_uuid = ?`);
  const byCustomer = db.prepare(`SELECT * FROM accounting_links WHERE customer_id = ?`);
  const setState = db.prepare(`UPDATE accounting_links SET state = ?, version_number = ?, state_changed_at = ? WHERE customer_id = ? AND state <> ?`);
  const setVersion = db.prepare(`UPDATE accounting_links SET version_number = ? WHERE customer_id = ?`);
  const count = db.prepare(`SELECT COUNT(*) FROM accounting_links`).pluck();
  const SELECT = `SELECT l.*, c.email, c.first_name, c.last_name, c.company,
      m.job_status, m.sent_at, m.queued_at, m.error FROM accounting_links l JOIN customers c ON c.id = l.customer_id
    LEFT JOIN (SELECT s.customer_id, j.status AS job_status, s.sent_at, s.queued_at, COALESCE(s.error, CASE WHEN s.sent_at IS NULL THEN j.last_error END) AS error
      FROM sent_mail s LEFT JOIN jobs j ON j.id = s.job_id
      WHERE s.id IN (SELECT MAX(id) FROM sent_mail WHERE kind = '${WELCOME_MAIL_KIND}' GROUP BY customer_id)) m ON m.customer_id = l.customer_id`;

  function toImported(r: RawLink & { email: string; first_name: string; last_name: string; company: string | null; job_status: string | null; sent_at: number | null; queued_at: number | null; error: string | null }): ImportedCustomerRow {
    return {
      ...toLink(r),
      email: r.email,
      firstName: r.first_name,
      lastName: r.last_name,
      company: r.company,
      welcome: r.queued_at === null ? null : { jobStatus: r.job_status, sentAt: r.sent_at, queuedAt: r.queued_at, error: r.error },
    };
  }

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
