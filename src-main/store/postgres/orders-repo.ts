import { toOrder, type OrderRow, type OrdersRepo, type Raw, type RawLine } from '../orders-repo';
import type { PgSession } from './pg-session';

/** Orders and their lines on PostgreSQL: an order's lines are one multi-row insert, and a page's lines one read. */
export function createPgOrdersRepo(db: PgSession): OrdersRepo {
  const withLines = async (rows: Raw[]): Promise<OrderRow[]> => {
    if (rows.length === 0) return [];
    const lines = await db.rows<RawLine & { order_id: number }>(
      `SELECT order_id, line_no, item, qty, unit_price_cents FROM order_lines WHERE order_id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
    return rows.map((r) => toOrder(r, lines.filter((l) => l.order_id === r.id)));
  };
  const one = async (where: string, value: unknown) => {
    const r = await db.one<Raw>(`SELECT * FROM orders WHERE ${where}`, [value]);
    return r ? (await withLines([r]))[0]! : null;
  };
  return {
    async insert(o, now) {
      const s = o.shipTo ?? {};
      return await db.transaction(async () => {
        const { id } = (await db.one<{ id: number }>(
          `INSERT INTO orders (order_number, account_id, contact_id, customer_name, customer_email, customer_phone,
             ship_to_address_id, ship_name, ship_line1, ship_line2, ship_city, ship_state, ship_postal_code, ship_country, po_number, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id`,
          [o.orderNumber.trim(), o.accountId, o.contactId ?? null, o.customer?.name ?? null, o.customer?.email.trim() ?? null, o.customer?.phone ?? null,
            s.addressId ?? null, s.name ?? null, s.line1 ?? null, s.line2 ?? null, s.city ?? null, s.state ?? null, s.postalCode ?? null, s.country ?? null,
            o.poNumber ?? null, now]))!;
        if (o.lines.length) {
          await db.query(
            `INSERT INTO order_lines (order_id, line_no, item, qty, unit_price_cents)
             SELECT $1, n, item, qty, price FROM unnest($2::text[], $3::integer[], $4::bigint[]) WITH ORDINALITY AS l (item, qty, price, n)`,
            [id, o.lines.map((l) => l.item), o.lines.map((l) => l.qty), o.lines.map((l) => l.unitPriceCents)]);
        }
        return id;
      });
    },
    get: async (id) => await one('id = $1', id),
    byNumber: async (orderNumber) => await one('order_number = $1', orderNumber.trim()),
    async ofAccount(accountId, before, limit) {
      const rows = await db.rows<Raw>(`SELECT * FROM orders WHERE account_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3`, [accountId, before ?? Number.MAX_SAFE_INTEGER, limit + 1]);
      const page = await withLines(rows.slice(0, limit));
      return { rows: page, next: rows.length > limit ? page[page.length - 1]!.id : null };
    },
    setErpIds: async (id, ids, now) =>
      await db.transaction(async () => (await db.changes(
        `UPDATE orders SET erp_order_id = COALESCE($2, erp_order_id), erp_customer_id = COALESCE($3, erp_customer_id), status = 'pushed', updated_at = $4 WHERE id = $1`,
        [id, ids.erpOrderId ?? null, ids.erpCustomerId ?? null, now])) === 1),
    setStatus: async (id, status, now) => (await db.changes(`UPDATE orders SET status = $2, updated_at = $3 WHERE id = $1`, [id, status, now])) === 1,
  };
}
