// Exports of "Download customers": the raw answer (JSON, byte for byte) and the mirrored customers (CSV, XLSX),
// streamed into a temporary file that replaces the target only when complete.
import type { Repositories } from '../../store/repositories';
import type { CermCustomerRow } from '../../store/cerm-customers-repo';
import { writeCsv } from '../../export/csv-writer';
import { writeXlsx, type XlsxColumn } from '../../export/xlsx-writer';
import { copyRawDownload } from '../../export/raw-download-copy';
import { CUSTOMERS_DOWNLOAD_KIND } from './download-customers';
import { CERM_ID } from './ids';

const CHUNK = 1_000;

const COLUMNS: XlsxColumn<CermCustomerRow>[] = [
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

/** `downloadsDir`: this engine's downloads folder, where a raw export looks for the download's file by name. */
export async function exportCermCustomers(args: { repos: Repositories; format: 'json' | 'csv' | 'xlsx'; path: string; downloadId?: number; q?: string; downloadsDir?: string }): Promise<{ rows: number }> {
  const { repos, format, path } = args;
  if (format === 'json')
    return { rows: await copyRawDownload({ repos, connectorId: CERM_ID, kind: CUSTOMERS_DOWNLOAD_KIND, what: 'CERM customer download', taskName: 'Download customers', path, downloadId: args.downloadId, downloadsDir: args.downloadsDir }) };
  if (format === 'csv') return { rows: await writeCsv(path, COLUMNS, repos.cermCustomers.iterate(CHUNK, args.q)) };
  return { rows: await writeXlsx(path, 'CERM customers', COLUMNS, repos.cermCustomers.iterate(CHUNK, args.q), CHUNK) };
}
