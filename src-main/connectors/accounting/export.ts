// Exports of the import: the accounting system's answers as received (JSON, byte for byte) and the imported customers
// (CSV, XLSX), through the same export module as CERM's.
import type { Repositories } from '../../store/repositories';
import type { AsyncRepo } from '../../store/serial-writer';
import { writeCsv } from '../../export/csv-writer';
import { writeXlsx, type XlsxColumn } from '../../export/xlsx-writer';
import { copyRawDownload } from '../../export/raw-download-copy';
import type { AccountingRepo, ImportedCustomerRow } from './repositories';
import { ACCOUNTING_ID, CUSTOMERS_DOWNLOAD_KIND } from './ids';

const COLUMNS: XlsxColumn<ImportedCustomerRow>[] = [
  { header: 'Customer id', value: (r) => r.customerId, width: 12 },
  { header: 'Email', value: (r) => r.email, width: 36 },
  { header: 'First name', value: (r) => r.firstName, width: 18 },
  { header: 'Last name', value: (r) => r.lastName, width: 18 },
  { header: 'Company', value: (r) => r.company, width: 30 },
  { header: 'Account number', value: (r) => r.accountNumber, width: 16 },
  { header: 'Accounting UUID', value: (r) => r.accountingUuid, width: 38 },
  { header: 'In accounting', value: (r) => r.state, width: 12 },
  { header: 'Imported at', value: (r) => new Date(r.importedAt).toISOString(), width: 24 },
];

export async function exportAccountingCustomers(args: { repos: Repositories; own: AsyncRepo<AccountingRepo>; format: 'json' | 'csv' | 'xlsx'; path: string; downloadId?: number; downloadsDir?: string }): Promise<number> {
  const { repos, own, format, path } = args;
  if (format === 'json')
    return await copyRawDownload({ repos, connectorId: ACCOUNTING_ID, kind: CUSTOMERS_DOWNLOAD_KIND, what: 'accounting customer download', taskName: 'a full import (Sync Now on Customers)', path, downloadId: args.downloadId, downloadsDir: args.downloadsDir });
  if (format === 'csv') return await writeCsv(path, COLUMNS, own.iterate());
  return await writeXlsx(path, 'Imported customers', COLUMNS, own.iterate());
}
