// Exports of "Download customers": the raw answer (JSON, byte for byte) and the mirrored customers (CSV, XLSX),
// streamed into a temporary file that replaces the target only when complete.
import { copyFile, rename, unlink } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Repositories } from '../../store/repositories';
import type { CermCustomerRow } from '../../store/cerm-customers-repo';
import { writeCsv, type CsvColumn } from '../../export/csv-writer';
import { CUSTOMERS_DOWNLOAD_KIND } from './download-customers';
import { CERM_ID } from './ids';

const CHUNK = 1_000;

const COLUMNS: (CsvColumn<CermCustomerRow> & { width: number })[] = [
  { header: 'CERM id', value: (r) => r.cermId, width: 12 },
  { header: 'Number', value: (r) => r.number, width: 12 },
  { header: 'Name', value: (r) => r.name, width: 40 },
  { header: 'Cost code', value: (r) => r.costCode, width: 14 },
  { header: 'Email', value: (r) => r.email, width: 36 },
  { header: 'Phone', value: (r) => r.phone, width: 18 },
  { header: 'Street', value: (r) => r.street, width: 30 },
  { header: 'Postal code', value: (r) => r.postalCode, width: 12 },
  { header: 'City', value: (r) => r.city, width: 18 },
  { header: 'Country', value: (r) => r.country, width: 14 },
  { header: 'VAT number', value: (r) => r.vatNumber, width: 16 },
];

async function writeXlsx(path: string, rows: AsyncIterable<CermCustomerRow>): Promise<number> {
  const tmp = `${path}.partial`;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useStyles: false, useSharedStrings: false });
  try {
    const ws = wb.addWorksheet('CERM customers');
    ws.columns = COLUMNS.map((c) => ({ width: c.width }));
    ws.addRow(COLUMNS.map((c) => c.header)).commit();
    let count = 0;
    for await (const row of rows) {
      ws.addRow(COLUMNS.map((c) => c.value(row))).commit();
      if (++count % CHUNK === 0) await new Promise((r) => setImmediate(r));
    }
    ws.commit();
    await wb.commit();
    await rename(tmp, path);
    return count;
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}

async function copyRaw(repos: Repositories, path: string, downloadId?: number): Promise<number> {
  const d = downloadId !== undefined ? await repos.downloads.get(downloadId) : await repos.downloads.latestComplete(CERM_ID, CUSTOMERS_DOWNLOAD_KIND);
  if (!d || d.connectorId !== CERM_ID) throw new Error(downloadId !== undefined ? `there is no CERM download ${downloadId}` : 'there is no complete CERM customer download yet: run Download customers first');
  if (!d.rawFile) throw new Error(`download ${d.id} saved no file (${d.message ?? d.status})`);
  const tmp = `${path}.partial`;
  try {
    await copyFile(d.rawFile, tmp);
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  return d.records;
}

export async function exportCermCustomers(args: { repos: Repositories; format: 'json' | 'csv' | 'xlsx'; path: string; downloadId?: number }): Promise<{ rows: number }> {
  const { repos, format, path } = args;
  if (format === 'json') return { rows: await copyRaw(repos, path, args.downloadId) };
  if (format === 'csv') return { rows: await writeCsv(path, COLUMNS, repos.cermCustomers.iterate(CHUNK)) };
  return { rows: await writeXlsx(path, repos.cermCustomers.iterate(CHUNK)) };
}
