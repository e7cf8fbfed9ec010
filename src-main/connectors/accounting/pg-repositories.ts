// The accounting connector's table (accounting_links) on a team server's PostgreSQL store: the same repository as
// repositories.ts, over the store's session so its calls join the store's transactions.
import type { PgSession } from '../../store/postgres/pg-session';
import type { AsyncRepo } from '../../store/serial-writer';
import { containsPattern } from '../../store/like';
import type { AccountingRepo } from './repositories';
import { IMPORTED_SELECT as SELECT, toImported, toLink, type AccountingLinkRow, type ImportedCustomerRow, type LinkState, type RawImported, type RawLink } from './link-rows';

export function createPgAccountingRepo(db: PgSession): AsyncRepo<AccountingRepo> {
  const one = async (where: string, value: unknown) => {
    const r = await db.one<RawLink>(`SELECT * FROM accounting_links WHERE ${where} = $1`, [value]);
    return r ? toLink(r) : null;
  };
  return {
    async link(l, now) {
      await db.query(
        `INSERT INTO accounting_links (customer_id, accounting_uuid, account_number, state, version_number, imported_at, run_id, state_changed_at)
         VALUES ($1, $2, $3, 'flagged', $4, $5, $6, $5)`,
        [l.customerId, l.accountingUuid, l.accountNumber, l.versionNumber, now, l.runId]);
    },
    byUuid: (uuid) => one('accounting_uuid', uuid),
    byCustomer: (customerId) => one('customer_id', customerId),
    setState: async (customerId, state, versionNumber, now) =>
      (await db.changes(`UPDATE accounting_links SET state = $1, version_number = $2, state_changed_at = $3 WHERE customer_id = $4 AND state <> $1`,
        [state, versionNumber, now, customerId])) === 1,
    async setVersion(customerId, versionNumber) {
      await db.query(`UPDATE accounting_links SET version_number = $1 WHERE customer_id = $2`, [versionNumber, customerId]);
    },
    count: async () => Number((await db.one<{ n: number }>(`SELECT COUNT(*)::bigint AS n FROM accounting_links`))!.n),
    async page(opts) {
      const where: string[] = [];
      const params: unknown[] = [];
      const p = (v: unknown) => `$${params.push(v)}`;
      if (opts.q) {
        const q = p(containsPattern(opts.q));
        where.push(`(c.email ILIKE ${q} ESCAPE '\\' OR c.first_name || ' ' || c.last_name ILIKE ${q} ESCAPE '\\' OR c.company ILIKE ${q} ESCAPE '\\' OR l.account_number ILIKE ${q} ESCAPE '\\')`);
      }
      if (opts.after) where.push(`l.customer_id < ${p(opts.after)}`);
      const rows = (await db.rows<RawImported>(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY l.customer_id DESC LIMIT ${p(opts.limit + 1)}`, params)).map(toImported);
      const more = rows.length > opts.limit;
      const out = rows.slice(0, opts.limit);
      return { rows: out, next: more ? out[out.length - 1]!.customerId : null };
    },
    async *iterate(chunk = 1_000) {
      let after = 0;
      for (;;) {
        const rows = (await db.rows<RawImported>(`${SELECT} WHERE l.customer_id > $1 ORDER BY l.customer_id LIMIT $2`, [after, chunk])).map(toImported);
        yield* rows;
        if (rows.length < chunk) return;
        after = rows[rows.length - 1]!.customerId;
      }
    },
  };
}
