// The server bench's limits: the same work done by the smallest correct program. The CERM download on PostgreSQL:
// Node's fetch, JSON.parse, the raw pages written to a file, and one multi-row upsert a page (a statement and its
// commit) through one connection to a table of its own. Confirm: the round's NewEnquiry requests sent straight, as many
// in flight as one engine runs, against the same simulator.
import { open } from 'node:fs/promises';
import pg from 'pg';
import type { SimCustomer } from '../connectors/cerm/sandbox';
import type { ConfirmClient } from '../connectors/confirm/client';
import { tokenOf } from './cerm-limit';
import { seconds } from './measure';

export async function limitDownloadPg(url: string, databaseUrl: string, rawFile: string, pageSize: number): Promise<{ seconds: number; records: number }> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(`CREATE TABLE IF NOT EXISTS limit_c (id text PRIMARY KEY, number text, name text, cost_code text, email text, phone text, street text,
      postal text, city text, country text, vat text, download bigint, updated bigint)`);
    const t0 = process.hrtime.bigint();
    const raw = await open(rawFile, 'w');
    const token = await tokenOf(url);
    let records = 0;
    for (let page = 1; ; page++) {
      const res = await fetch(`${url}/customer-api/v1/customers?page=${page}&pageSize=${pageSize}`, { headers: { authorization: `Bearer ${token}` } });
      const bytes = Buffer.from(await res.arrayBuffer());
      await raw.write(bytes);
      const { Data } = JSON.parse(bytes.toString('utf8')) as { Data: SimCustomer[] };
      const col = (f: (x: SimCustomer) => string | null) => Data.map(f);
      const now = Date.now();
      await db.query(
        `INSERT INTO limit_c SELECT *, 1, $12 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
           $9::text[], $10::text[], $11::text[])
         ON CONFLICT (id) DO UPDATE SET number = excluded.number, name = excluded.name, cost_code = excluded.cost_code, email = excluded.email,
           phone = excluded.phone, street = excluded.street, postal = excluded.postal, city = excluded.city, country = excluded.country, vat = excluded.vat,
           download = excluded.download, updated = excluded.updated`,
        [col((x) => x.Id), col((x) => x.Number), col((x) => x.Name), col((x) => x.CostCode), col((x) => x.Email), col((x) => x.PhoneNumber), col((x) => x.Street),
          col((x) => x.PostalCode), col((x) => x.City), col((x) => x.Country), col((x) => x.VatNumber), now],
      );
      records += Data.length;
      if (Data.length < pageSize) break;
    }
    await raw.sync();
    await raw.close();
    return { seconds: seconds(t0), records };
  } finally {
    await db.end();
  }
}

/** `count` NewEnquiry requests (the bench template's fields, an idempotency key each), `inFlight` at once. */
export async function limitRaise(client: ConfirmClient, count: number, prefix: string, inFlight: number): Promise<{ seconds: number; raised: number }> {
  let next = 0;
  let raised = 0;
  const t0 = process.hrtime.bigint();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await client.newEnquiry({
        fields: { ServiceCode: 'HW', SubjectCode: 'PH', ExternalSystemReference: `${prefix}-${i}` },
        attributes: [{ typeCode: 'DEPT', value: { text: '30' } }],
        loggedAt: null,
        idempotencyKey: `${prefix}:${i}`,
      });
      raised++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
  return { seconds: seconds(t0), raised };
}
