import type { AsyncRepo } from './serial-writer';
import type { Db } from './database';
import { createDeferredIndexes } from './deferred-indexes';

export interface AddressRow {
  id: number;
  customerId: number;
  kind: 'delivery' | 'invoice' | 'both' | 'other';
  name: string | null;
  street: string | null;
  number: string | null;
  postalCode: string | null;
  city: string | null;
  country: string | null;
  email: string | null;
  phone: string | null;
  origin: string;
  externalId: string | null;
  updatedAt: number;
}

export type AddressFields = Omit<AddressRow, 'id' | 'customerId' | 'origin' | 'externalId' | 'updatedAt'>;

/** One address as another system sends it: to be written for a local customer, or (customerId null) removed. */
export interface ExternalAddress {
  externalId: string;
  customerId: number | null;
  fields: AddressFields;
}

export type ExternalChange = 'created' | 'updated' | 'unchanged' | 'removed';

export interface Raw {
  id: number;
  customer_id: number;
  kind: AddressRow['kind'];
  name: string | null;
  street: string | null;
  number: string | null;
  postal_code: string | null;
  city: string | null;
  country: string | null;
  email: string | null;
  phone: string | null;
  origin: string;
  external_id: string | null;
  updated_at: number;
}

export function toRow(r: Raw): AddressRow {
  return {
    id: r.id,
    customerId: r.customer_id,
    kind: r.kind,
    name: r.name,
    street: r.street,
    number: r.number,
    postalCode: r.postal_code,
    city: r.city,
    country: r.country,
    email: r.email,
    phone: r.phone,
    origin: r.origin,
    externalId: r.external_id,
    updatedAt: r.updated_at,
  };
}

/** Below this, a load keeps the index: it costs little, and setting it aside costs a schema change. */
const BULK_LOAD_MIN = 2_000;

export function createAddressesRepo(db: Db) {
  const ofCustomer = db.prepare(`SELECT * FROM addresses WHERE customer_id = ? ORDER BY origin, id`);
  const insertLocal = db.prepare(`
    INSERT INTO addresses (customer_id, kind, name, street, number, postal_code, city, country, email, phone, origin, updated_at)
    VALUES (@customerId, @kind, @name, @street, @number, @postalCode, @city, @country, @email, @phone, 'local', @now)`);
  const byExternal = db.prepare(`SELECT * FROM addresses WHERE origin = ? AND external_id = ?`);
  const upsertExternal = db.prepare(`
    INSERT INTO addresses (customer_id, kind, name, street, number, postal_code, city, country, email, phone, origin, external_id, updated_at)
    VALUES (@customerId, @kind, @name, @street, @number, @postalCode, @city, @country, @email, @phone, @origin, @externalId, @now)
    ON CONFLICT (origin, external_id) DO UPDATE SET customer_id = excluded.customer_id, kind = excluded.kind, name = excluded.name,
      street = excluded.street, number = excluded.number, postal_code = excluded.postal_code, city = excluded.city,
      country = excluded.country, email = excluded.email, phone = excluded.phone, updated_at = excluded.updated_at`);
  const deleteExternal = db.prepare(`DELETE FROM addresses WHERE origin = ? AND external_id = ? RETURNING id`).pluck();
  // A page of another system's addresses: each row one upsert that writes only what differs (no change for an address
  // stored as it is). A row inserted gets an id above the table's largest (SQLite takes max + 1) and sets the
  // connection's last insert rowid to it; an update sets neither. One index probe a row, where judging the page first
  // and then writing took two, and no RETURNING (its result table cost a fifth of the upsert).
  const lastId = db.prepare(`SELECT max(id) FROM addresses`).pluck();
  const lastInsert = db.prepare(`SELECT last_insert_rowid()`).pluck();
  const idOf = db.prepare(`SELECT id FROM addresses WHERE origin = ? AND external_id = ?`).pluck();
  const put = db
    .prepare(`
    INSERT INTO addresses (external_id, customer_id, kind, name, street, number, postal_code, city, country, email, phone, origin, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (origin, external_id) DO UPDATE SET customer_id = excluded.customer_id, kind = excluded.kind, name = excluded.name,
      street = excluded.street, number = excluded.number, postal_code = excluded.postal_code, city = excluded.city,
      country = excluded.country, email = excluded.email, phone = excluded.phone, updated_at = excluded.updated_at
    WHERE addresses.customer_id IS NOT excluded.customer_id OR addresses.kind IS NOT excluded.kind OR addresses.name IS NOT excluded.name
      OR addresses.street IS NOT excluded.street OR addresses.number IS NOT excluded.number OR addresses.postal_code IS NOT excluded.postal_code
      OR addresses.city IS NOT excluded.city OR addresses.country IS NOT excluded.country OR addresses.email IS NOT excluded.email
      OR addresses.phone IS NOT excluded.phone`);
  const countByOrigin = db.prepare(`SELECT COUNT(*) FROM addresses WHERE origin = ?`).pluck();
  const externalMany = db.prepare(`SELECT a.* FROM json_each(?) j CROSS JOIN addresses a ON a.origin = ? AND a.external_id = j.value`);

  return {
    ofCustomer: (customerId: number): AddressRow[] => (ofCustomer.all(customerId) as Raw[]).map(toRow),
    addLocal(customerId: number, a: AddressFields, now: number): number {
      return Number(insertLocal.run({ customerId, ...a, now }).lastInsertRowid);
    },
    /** The stored addresses of another system among `externalIds` (one statement; missing ones are left out). */
    externalMany(origin: string, externalIds: string[]): AddressRow[] {
      if (externalIds.length === 0) return [];
      return (externalMany.all(JSON.stringify(externalIds), origin) as Raw[]).map(toRow);
    },
    getExternal(origin: string, externalId: string): AddressRow | null {
      const r = byExternal.get(origin, externalId) as Raw | undefined;
      return r ? toRow(r) : null;
    },
    /** An address another system owns: written as it says, marked with that system as origin. */
    upsertExternal(origin: string, externalId: string, customerId: number, a: AddressFields, now: number): void {
      upsertExternal.run({ customerId, ...a, origin, externalId, now });
    },
    /**
     * Applies a page of another system's addresses in the caller's transaction: each is written (customerId set) or
     * removed (customerId null). Says what happened to each, in order; null where a removal found nothing to remove.
     */
    applyExternalPage(origin: string, list: ExternalAddress[], now: number): (ExternalChange | null)[] {
      if (list.length === 0) return [];
      const values = list.map((e) => {
        const f = e.fields;
        return [e.externalId, e.customerId, f.kind, f.name, f.street, f.number, f.postalCode, f.city, f.country, f.email, f.phone];
      });
      // The largest id so far: an id above it is a row just inserted. It follows the page's own inserts (an address
      // listed twice, changed while the feed was read, is created once, then updated) and removals (the largest id
      // may have gone, and the next insert takes it again).
      let largest = (lastId.get() as number | null) ?? 0;
      // The last insert rowid before this row's upsert: an update leaves it as it was. Until the page's first insert it
      // may be another table's, so a value above `largest` that did not move is asked of the row itself.
      let before = Number(lastInsert.get());
      return list.map((e, i) => {
        if (e.customerId === null) {
          if (deleteExternal.get(origin, e.externalId) === undefined) return null;
          largest = (lastId.get() as number | null) ?? 0;
          return 'removed';
        }
        const { changes, lastInsertRowid } = put.run(...values[i]!, origin, now);
        if (changes === 0) return 'unchanged';
        const id = Number(lastInsertRowid);
        const inserted = id > largest && (id !== before || idOf.get(origin, e.externalId) === id);
        before = id;
        if (!inserted) return 'updated';
        largest = id;
        return 'created';
      });
    },
    removeExternal(origin: string, externalId: string): boolean {
      return deleteExternal.get(origin, externalId) !== undefined;
    },
    countByOrigin: (origin: string): number => countByOrigin.get(origin) as number,
    /**
     * In the caller's transaction, before a load of `incoming` addresses from another system (a first address sync):
     * a table it will more than double takes the load without its index by customer (each address's customer comes
     * in no order, so every page's commit rewrote most of that index), built by
     * `maintenance.buildDeferredIndexesOffThread()` once the load is stored (or at the next start, after a crash).
     * Answers whether it was set aside. Meanwhile a customer's addresses are found by a scan.
     */
    beginBulkLoad: (incoming: number): boolean => incoming >= BULK_LOAD_MIN && createDeferredIndexes(db).deferIfFewerThan('addresses', incoming),
  };
}

/** The repository as the store port gives it (every method answers a promise). */
export type AddressesRepo = AsyncRepo<ReturnType<typeof createAddressesRepo>>;
