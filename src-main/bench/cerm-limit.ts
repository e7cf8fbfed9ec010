// The CERM bench's limit: the same work done by the smallest correct program. Node's fetch, JSON.parse, one prepared
// better-sqlite3 statement per row, one transaction per page, WAL with the app's synchronous setting, in a file of
// its own; the download also writes the raw pages to a file, as the task does. No engine, no checks, no run record.
import { open } from 'node:fs/promises';
import Database from 'better-sqlite3';
import { SANDBOX_CREDENTIALS, type SimAddress, type SimCustomer } from '../connectors/cerm/sandbox';
import { seconds } from './measure';

/** The app's durability setting (src-main/store/database.ts): the limit pays the same fsyncs. */
const SYNCHRONOUS = 'FULL';

function openLimitDb(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${SYNCHRONOUS}`);
  db.exec(`CREATE TABLE IF NOT EXISTS c (id TEXT PRIMARY KEY, number TEXT, name TEXT, cost_code TEXT, email TEXT, phone TEXT, street TEXT,
      postal TEXT, city TEXT, country TEXT, vat TEXT, download INTEGER, updated INTEGER);
    CREATE TABLE IF NOT EXISTS a (id TEXT PRIMARY KEY, customer INTEGER, kind TEXT, name TEXT, street TEXT, number TEXT, postal TEXT, city TEXT,
      country TEXT, email TEXT, phone TEXT, updated INTEGER);
    CREATE TABLE IF NOT EXISTS links (cerm_id TEXT PRIMARY KEY, local INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS cursor (task TEXT PRIMARY KEY, value TEXT)`);
  return db;
}

export async function tokenOf(url: string): Promise<string> {
  const c = SANDBOX_CREDENTIALS;
  const res = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: c.clientId, client_secret: c.clientSecret, username: c.username, password: c.password }).toString(),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

/** The customer list, page by page: each page's bytes appended to the raw file, its rows upserted in one transaction. */
export async function limitDownload(url: string, dbFile: string, rawFile: string, pageSize: number, maxPages = Infinity): Promise<{ seconds: number; records: number }> {
  const db = openLimitDb(dbFile);
  const up = db.prepare(`INSERT INTO c VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET number = excluded.number, name = excluded.name,
    cost_code = excluded.cost_code, email = excluded.email, phone = excluded.phone, street = excluded.street, postal = excluded.postal, city = excluded.city,
    country = excluded.country, vat = excluded.vat, download = excluded.download, updated = excluded.updated`);
  const t0 = process.hrtime.bigint();
  const raw = await open(rawFile, 'w');
  const token = await tokenOf(url);
  let records = 0;
  for (let page = 1; page <= maxPages; page++) {
    const res = await fetch(`${url}/customer-api/v1/customers?page=${page}&pageSize=${pageSize}`, { headers: { authorization: `Bearer ${token}` } });
    const bytes = Buffer.from(await res.arrayBuffer());
    await raw.write(bytes);
    const { Data } = JSON.parse(bytes.toString('utf8')) as { Data: SimCustomer[] };
    const now = Date.now();
    db.transaction(() => {
      for (const x of Data) up.run(x.Id, x.Number, x.Name, x.CostCode, x.Email, x.PhoneNumber, x.Street, x.PostalCode, x.City, x.Country, x.VatNumber, 1, now);
    })();
    records += Data.length;
    if (Data.length < pageSize) break;
  }
  await raw.sync();
  await raw.close();
  const s = seconds(t0);
  db.close();
  return { seconds: s, records };
}

/** Setup, not timed: the limit's own copy of which local customer each CERM customer is linked to. */
export function limitLinkCustomers(dbFile: string, links: Map<string, number>): void {
  const db = openLimitDb(dbFile);
  const put = db.prepare(`INSERT OR REPLACE INTO links VALUES (?, ?)`);
  db.transaction(() => {
    for (const [cermId, local] of links) put.run(cermId, local);
  })();
  db.close();
}

/**
 * The address change feed from the stored cursor: the links read from the store, each page's addresses of linked
 * customers upserted (the others deleted) and the cursor saved, in one transaction a page. A first run (no cursor)
 * builds the index by customer once its load is stored, as the engine does: a customer's addresses must be found
 * without a scan, and building it after the load is the cheapest way to have it.
 */
export async function limitAddressSync(url: string, dbFile: string, pageSize: number): Promise<{ seconds: number; records: number }> {
  const db = openLimitDb(dbFile);
  const up = db.prepare(`INSERT INTO a VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET customer = excluded.customer, kind = excluded.kind,
    name = excluded.name, street = excluded.street, number = excluded.number, postal = excluded.postal, city = excluded.city, country = excluded.country,
    email = excluded.email, phone = excluded.phone, updated = excluded.updated`);
  const del = db.prepare(`DELETE FROM a WHERE id = ?`);
  const saveCursor = db.prepare(`INSERT INTO cursor VALUES ('addresses', ?) ON CONFLICT (task) DO UPDATE SET value = excluded.value`);
  const stored = db.prepare(`SELECT value FROM cursor WHERE task = 'addresses'`).pluck().get() as string | undefined;
  const t0 = process.hrtime.bigint();
  const links = new Map(db.prepare(`SELECT cerm_id, local FROM links`).raw().all() as [string, number][]);
  const token = await tokenOf(url);
  let cursor = stored ? (JSON.parse(stored) as { since: string; afterId: string }) : null;
  let records = 0;
  for (;;) {
    const q = cursor ? `&changedSince=${encodeURIComponent(cursor.since)}&afterId=${encodeURIComponent(cursor.afterId)}` : '';
    const res = await fetch(`${url}/address-api/v1/addresses?pageSize=${pageSize}${q}`, { headers: { authorization: `Bearer ${token}` } });
    const { Data, TotalCount } = JSON.parse(await res.text()) as { Data: SimAddress[]; TotalCount: number };
    const last = Data[Data.length - 1];
    const now = Date.now();
    db.transaction(() => {
      for (const x of Data) {
        const customer = links.get(x.CustomerId);
        if (!x.Active || customer === undefined) del.run(x.Id);
        else {
          const kind = x.IsDeliveryAddress ? (x.IsInvoiceAddress ? 'both' : 'delivery') : x.IsInvoiceAddress ? 'invoice' : 'other';
          up.run(x.Id, customer, kind, x.Name, x.Street, x.Number, x.PostalCode, x.City, x.Country, x.Email, x.PhoneNumber, now);
        }
      }
      if (last) saveCursor.run(JSON.stringify({ since: last.LastModified, afterId: last.Id }));
    })();
    if (last) cursor = { since: last.LastModified, afterId: last.Id };
    records += Data.length;
    if (Data.length === 0 || Data.length >= TotalCount) break;
  }
  if (!stored) db.exec(`CREATE INDEX IF NOT EXISTS a_customer ON a (customer)`);
  const s = seconds(t0);
  db.close();
  return { seconds: s, records };
}
