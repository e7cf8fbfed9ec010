import type { AsyncRepo } from './serial-writer';
import type { Db } from './database';

export interface OrderLine {
  item: string;
  qty: number;
  unitPriceCents: number;
}

export interface OrderShipTo {
  addressId?: number | null;
  name?: string | null;
  line1?: string | null;
  line2?: string | null;
  city?: string | null;
  state?: string | null;
  postalCode?: string | null;
  country?: string | null;
}

export interface NewOrder {
  /** Ours, unique: the key the ERP push is made idempotent by. */
  orderNumber: string;
  /** Null for a B2C order, which names its customer instead. */
  accountId: number | null;
  contactId?: number | null;
  customer?: { name?: string | null; email: string; phone?: string | null } | null;
  shipTo?: OrderShipTo | null;
  poNumber?: string | null;
  lines: readonly OrderLine[];
}

export interface OrderRow {
  id: number;
  orderNumber: string;
  accountId: number | null;
  contactId: number | null;
  customer: { name: string | null; email: string; phone: string | null } | null;
  shipTo: Required<OrderShipTo>;
  poNumber: string | null;
  status: 'placed' | 'pushed' | 'failed' | 'cancelled';
  erpOrderId: string | null;
  /** For a B2C order, the customer the ERP created with it. */
  erpCustomerId: string | null;
  lines: OrderLine[];
  totalCents: number;
  createdAt: number;
  updatedAt: number;
}

export type Raw = {
  id: number; order_number: string; account_id: number | null; contact_id: number | null; customer_name: string | null; customer_email: string | null;
  customer_phone: string | null; ship_to_address_id: number | null; ship_name: string | null; ship_line1: string | null; ship_line2: string | null;
  ship_city: string | null; ship_state: string | null; ship_postal_code: string | null; ship_country: string | null; po_number: string | null;
  status: OrderRow['status']; erp_order_id: string | null; erp_customer_id: string | null; created_at: number; updated_at: number;
};

export type RawLine = { line_no: number; item: string; qty: number; unit_price_cents: number };

/** An order row with its lines (in any order: put in line order here). */
export function toOrder(r: Raw, rawLines: RawLine[]): OrderRow {
  const lines = rawLines.sort((a, b) => a.line_no - b.line_no).map((l) => ({ item: l.item, qty: l.qty, unitPriceCents: l.unit_price_cents }));
  return {
    id: r.id, orderNumber: r.order_number, accountId: r.account_id, contactId: r.contact_id,
    customer: r.customer_email === null ? null : { name: r.customer_name, email: r.customer_email, phone: r.customer_phone },
    shipTo: { addressId: r.ship_to_address_id, name: r.ship_name, line1: r.ship_line1, line2: r.ship_line2, city: r.ship_city, state: r.ship_state, postalCode: r.ship_postal_code, country: r.ship_country },
    poNumber: r.po_number, status: r.status, erpOrderId: r.erp_order_id, erpCustomerId: r.erp_customer_id,
    lines, totalCents: lines.reduce((t, l) => t + l.qty * l.unitPriceCents, 0), createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

export function createOrdersRepo(db: Db) {
  const insert = db.prepare(`INSERT INTO orders (order_number, account_id, contact_id, customer_name, customer_email, customer_phone,
      ship_to_address_id, ship_name, ship_line1, ship_line2, ship_city, ship_state, ship_postal_code, ship_country, po_number, created_at, updated_at)
    VALUES (@orderNumber, @accountId, @contactId, @customerName, @customerEmail, @customerPhone,
      @addressId, @name, @line1, @line2, @city, @state, @postalCode, @country, @poNumber, @now, @now)`);
  const insertLine = db.prepare(`INSERT INTO order_lines (order_id, line_no, item, qty, unit_price_cents) VALUES (?, ?, ?, ?, ?)`);
  const byId = db.prepare(`SELECT * FROM orders WHERE id = ?`);
  const byNumber = db.prepare(`SELECT * FROM orders WHERE order_number = ?`);
  // Put in line order here: an ORDER BY made this read six times slower (every order job and page reads it).
  const linesOf = db.prepare(`SELECT line_no, item, qty, unit_price_cents FROM order_lines WHERE order_id = ?`);
  const ofAccount = db.prepare(`SELECT * FROM orders WHERE account_id = @account AND id < @before ORDER BY id DESC LIMIT @limit`);
  const setErp = db.prepare(`UPDATE orders SET erp_order_id = COALESCE(@erpOrderId, erp_order_id), erp_customer_id = COALESCE(@erpCustomerId, erp_customer_id),
    status = 'pushed', updated_at = @now WHERE id = @id`);
  const setStatus = db.prepare(`UPDATE orders SET status = ?, updated_at = ? WHERE id = ?`);

  const toRow = (r: Raw): OrderRow => toOrder(r, linesOf.all(r.id) as RawLine[]);

  return {
    /** The order and its lines together; a taken order number is a UniqueViolation, an unknown account NotFound. */
    insert(o: NewOrder, now: number): number {
      return db.transaction(() => {
        const s = o.shipTo ?? {};
        const id = Number(insert.run({
          orderNumber: o.orderNumber.trim(), accountId: o.accountId, contactId: o.contactId ?? null,
          customerName: o.customer?.name ?? null, customerEmail: o.customer?.email.trim() ?? null, customerPhone: o.customer?.phone ?? null,
          addressId: s.addressId ?? null, name: s.name ?? null, line1: s.line1 ?? null, line2: s.line2 ?? null, city: s.city ?? null,
          state: s.state ?? null, postalCode: s.postalCode ?? null, country: s.country ?? null, poNumber: o.poNumber ?? null, now,
        }).lastInsertRowid);
        o.lines.forEach((l, i) => insertLine.run(id, i + 1, l.item, l.qty, l.unitPriceCents));
        return id;
      })();
    },
    get(id: number): OrderRow | null {
      const r = byId.get(id) as Raw | undefined;
      return r ? toRow(r) : null;
    },
    byNumber(orderNumber: string): OrderRow | null {
      const r = byNumber.get(orderNumber.trim()) as Raw | undefined;
      return r ? toRow(r) : null;
    },
    /** An account's orders, newest first, a keyset page at a time (next: pass as before). */
    ofAccount(accountId: number, before: number | null, limit: number): { rows: OrderRow[]; next: number | null } {
      const rows = ofAccount.all({ account: accountId, before: before ?? Number.MAX_SAFE_INTEGER, limit: limit + 1 }) as Raw[];
      const page = rows.slice(0, limit).map(toRow);
      return { rows: page, next: rows.length > limit ? page[page.length - 1]!.id : null };
    },
    /** The ERP took the order: its order id (and, for a B2C order, the customer it created); the order is pushed. */
    setErpIds(id: number, ids: { erpOrderId?: string | null; erpCustomerId?: string | null }, now: number): boolean {
      return setErp.run({ id, erpOrderId: ids.erpOrderId ?? null, erpCustomerId: ids.erpCustomerId ?? null, now }).changes === 1;
    },
    setStatus: (id: number, status: OrderRow['status'], now: number): boolean => setStatus.run(status, now, id).changes === 1,
  };
}

/** The repository as the store port gives it (every method answers a promise). */
export type OrdersRepo = AsyncRepo<ReturnType<typeof createOrdersRepo>>;
