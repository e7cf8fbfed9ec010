import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { startCermCore, sandboxPageBytes, type CermHarness } from './cerm-harness';
import { exportCermCustomers } from '../../../src-main/connectors/cerm/export';
import { searchCermCustomersLive } from '../../../src-main/connectors/cerm/live-search';
import type { CermCustomerRow } from '../../../src-main/store/cerm-customers-repo';
import { whenRunAlone, type CoreStore } from '../../support/core-store';

const TASK = 'download-customers';
const HEADERS = ['CERM id', 'Number', 'Name', 'Cost code', 'Email', 'Phone', 'Street', 'Postal code', 'City', 'Country', 'VAT number'];

function asCells(r: CermCustomerRow): string[] {
  return [r.cermId, r.number, r.name, r.costCode, r.email, r.phone, r.street, r.postalCode, r.city, r.country, r.vatNumber].map((v) => v ?? '');
}

async function mirror(h: CermHarness): Promise<CermCustomerRow[]> {
  // lower(): SQLite's NOCASE (ASCII letters folded, then bytes), as the store sorts the list on either store.
  return await h.sql.all<CermCustomerRow>(
    `SELECT cerm_id AS "cermId", number, name, cost_code AS "costCode", email, phone, street, postal_code AS "postalCode", city, country, vat_number AS "vatNumber", download_id AS "downloadId", updated_at AS "updatedAt" FROM cerm_customers ORDER BY lower(name), cerm_id`,
  );
}

/** RFC 4180: quoted fields, doubled quotes, commas and line breaks inside quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += ch;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}

/** CERM's customer download, on the store given (both run it: test/store/postgres/connectors-matrix.test.ts). */
export function describeCermDownload(store: CoreStore): void {
  describe(`Download customers from CERM (${store.name})`, () => {
    let h: CermHarness | null = null;
    const start = async (opts: Parameters<typeof startCermCore>[0] = {}) => await startCermCore({ ...opts, store });
    afterEach(async () => {
      await h?.close();
      h = null;
    });

    it('saves the pages byte for byte as CERM answered them (several pages: a JSON array of the page bodies)', async () => {
      h = await start();
      const run = await h.run(TASK);
      expect(run.status).toBe('success');
      const d = (await h.repos.downloads.latestComplete('cerm', 'customers'))!;
      expect(d).toMatchObject({ status: 'complete', records: 2000, pages: 4 });
      const saved = readFileSync(d.rawFile!);
      const pages = await Promise.all([1, 2, 3, 4].map((p) => sandboxPageBytes(h!.sandbox, p, 500)));
      expect(saved.equals(Buffer.concat([Buffer.from('['), pages[0]!, Buffer.from(','), pages[1]!, Buffer.from(','), pages[2]!, Buffer.from(','), pages[3]!, Buffer.from(']')]))).toBe(true);
      expect(d.rawBytes).toBe(saved.byteLength);
      // Names with commas, quotes and accents went through unchanged.
      expect(saved.includes(Buffer.from('"Quality"'.replace(/"/g, '\\"')))).toBe(true);
    });

    it('ends a first download into an empty mirror with its name and cost-code indexes in place, and nothing left set aside', async () => {
      h = await start();
      expect((await h.run(TASK)).status).toBe('success');
      const indexes =
        store.name === 'SQLite'
          ? await h.sql.all<{ name: string }>(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'cerm_customers' AND sql IS NOT NULL ORDER BY name`)
          : await h.sql.all<{ name: string }>(`SELECT indexname AS name FROM pg_indexes WHERE tablename = 'cerm_customers' AND indexname IN ('cerm_customers_cost_code', 'cerm_customers_name') ORDER BY indexname`);
      expect(indexes.map((i) => i.name)).toEqual(['cerm_customers_cost_code', 'cerm_customers_name']);
      if (store.name === 'SQLite') expect(await h.sql.all(`SELECT name FROM deferred_indexes`)).toEqual([]);
      // The picker's search reads the whole mirror in name order, as before.
      expect((await h.repos.cermCustomers.search({ limit: 3 })).rows).toHaveLength(3);
    });

    it('saves a one-page answer as the file itself', async () => {
      h = await start();
      await h.configure({ pageSize: 5000 });
      expect((await h.run(TASK)).status).toBe('success');
      const d = (await h.repos.downloads.latestComplete('cerm', 'customers'))!;
      expect(d.pages).toBe(1);
      expect(readFileSync(d.rawFile!).equals(await sandboxPageBytes(h.sandbox, 1, 5000))).toBe(true);
    });

    it('pages by offset when told to', async () => {
      h = await start();
      await h.configure({ pagingScheme: 'offset', pageParam: 'offset', pageSize: 300 });
      const run = await h.run(TASK);
      expect(run.status).toBe('success');
      expect(await h.repos.downloads.latestComplete('cerm', 'customers')).toMatchObject({ records: 2000, pages: 7 });
      expect(await h.repos.cermCustomers.count()).toBe(2000);
    });

    it('reads every customer from a CERM that gives fewer per page than asked, by page number or by offset', async () => {
      h = await start();
      h.sandbox.maxPageSize = 300;
      expect((await h.run(TASK)).counts.fetched).toBe(2000);
      expect(await h.repos.downloads.latestComplete('cerm', 'customers')).toMatchObject({ records: 2000, pages: 7 });
      await h.configure({ pagingScheme: 'offset', pageParam: 'offset' });
      const byOffset = await h.run(TASK);
      expect(byOffset.counts).toMatchObject({ fetched: 2000, unchanged: 2000 });
      expect(await h.repos.cermCustomers.count()).toBe(2000);
    });

    it('mirrors the list and counts created, updated and unchanged; customers gone from CERM leave the mirror', async () => {
      h = await start();
      const first = await h.run(TASK);
      expect(first.counts).toMatchObject({ fetched: 2000, created: 2000, updated: 0, unchanged: 0, failed: 0 });
      expect(await h.repos.cermCustomers.count()).toBe(2000);
      const c5 = h.sandbox.customersById.get('000005')!;
      expect(await h.repos.cermCustomers.get('000005')).toMatchObject({ name: c5.Name, costCode: c5.CostCode, email: c5.Email, city: c5.City, vatNumber: c5.VatNumber });

      h.sandbox.changeCustomer('000007', { Name: 'Renamed Printers NV', CostCode: 'CC-NEW-7' });
      h.sandbox.removeCustomer('000008');
      const added = h.sandbox.addCustomer({ Name: 'Brand New Labels BV', CostCode: 'CC-NEW-1' });
      const second = await h.run(TASK);
      expect(second.status).toBe('success');
      expect(second.counts).toMatchObject({ fetched: 2000, created: 1, updated: 1, unchanged: 1998 });
      expect(second.message).toMatch(/1 no longer in CERM removed/);
      // After the first download, what changed in CERM is listed one by one on the run.
      expect((await h.repos.runs.items(second.id, 0, 10)).items.map((i) => [i.entityId, i.action, i.message])).toEqual([
        ['000007', 'updated', 'changed in CERM'],
        [added.Id, 'created', 'new in CERM'],
      ]);
      expect((await h.repos.runs.items(first.id, 0, 10)).items).toEqual([]);
      expect(await h.repos.cermCustomers.get('000007')).toMatchObject({ name: 'Renamed Printers NV', costCode: 'CC-NEW-7' });
      expect(await h.repos.cermCustomers.get('000008')).toBeNull();
      expect(await h.repos.cermCustomers.get(added.Id)).toMatchObject({ name: 'Brand New Labels BV' });
      expect(await h.repos.cermCustomers.count()).toBe(2000);
    });

    it('exports every customer as CSV and XLSX, and the raw answer as JSON byte for byte', async () => {
      h = await start();
      expect((await h.run(TASK)).status).toBe('success');
      const rows = await mirror(h);
      expect(rows).toHaveLength(2000);
      const dir = h.services.paths.exports;

      const csvPath = join(dir, 'cerm.csv');
      expect(await exportCermCustomers({ repos: h.repos, format: 'csv', path: csvPath })).toEqual({ rows: 2000 });
      const csv = parseCsv(readFileSync(csvPath, 'utf8').replace(/^\uFEFF/, ''));
      expect(csv[0]).toEqual(HEADERS);
      expect(csv.slice(1)).toEqual(rows.map(asCells));

      const xlsxPath = join(dir, 'cerm.xlsx');
      expect(await exportCermCustomers({ repos: h.repos, format: 'xlsx', path: xlsxPath })).toEqual({ rows: 2000 });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(xlsxPath);
      const ws = wb.getWorksheet('CERM customers')!;
      expect(ws.rowCount).toBe(2001);
      const cells: string[][] = [];
      ws.eachRow((row) => cells.push(HEADERS.map((_, i) => String(row.getCell(i + 1).value ?? ''))));
      expect(cells[0]).toEqual(HEADERS);
      expect(cells.slice(1)).toEqual(rows.map(asCells));

      const jsonPath = join(dir, 'cerm.json');
      const d = (await h.repos.downloads.latestComplete('cerm', 'customers'))!;
      expect(await exportCermCustomers({ repos: h.repos, format: 'json', path: jsonPath })).toEqual({ rows: 2000 });
      expect(readFileSync(jsonPath).equals(readFileSync(d.rawFile!))).toBe(true);
    });

    it('exports the raw file of a chosen earlier download, and refuses a JSON export before any download', async () => {
      h = await start();
      const dir = h.services.paths.exports;
      await expect(exportCermCustomers({ repos: h.repos, format: 'json', path: join(dir, 'none.json') })).rejects.toThrow(/no complete CERM customer download yet/);
      await h.run(TASK);
      const firstId = (await h.repos.downloads.latestComplete('cerm', 'customers'))!.id;
      const firstBytes = readFileSync((await h.repos.downloads.get(firstId))!.rawFile!);
      h.sandbox.changeCustomer('000001', { Name: 'Changed after the first download' });
      await h.run(TASK);
      expect((await h.repos.downloads.latestComplete('cerm', 'customers'))!.id).not.toBe(firstId);
      await exportCermCustomers({ repos: h.repos, format: 'json', path: join(dir, 'first.json'), downloadId: firstId });
      expect(readFileSync(join(dir, 'first.json')).equals(firstBytes)).toBe(true);
    });

    it('searches CERM live by name, cost code or email', async () => {
      h = await start();
      const settings = await h.services.connections.load(h.services.registry.get('cerm')!);
      const c = h.sandbox.customersById.get('000042')!;
      const byCode = await searchCermCustomersLive(settings, c.CostCode!, AbortSignal.timeout(5000));
      expect(byCode).toEqual([
        { cermId: '000042', number: c.Number, name: c.Name, costCode: c.CostCode, email: c.Email, phone: c.PhoneNumber, street: c.Street, postalCode: c.PostalCode, city: c.City, country: c.Country, vatNumber: c.VatNumber },
      ]);
      const byEmail = await searchCermCustomersLive(settings, c.Email!, AbortSignal.timeout(5000));
      expect(byEmail.map((x) => x.cermId)).toEqual(['000042']);
      expect(await searchCermCustomersLive(settings, '   ', AbortSignal.timeout(5000))).toEqual([]);
    });
  });
}

whenRunAlone(import.meta.url, describeCermDownload);
