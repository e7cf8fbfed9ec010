import { z } from 'zod';
import { RowId, SearchText, Text } from '../common';
import { ExportResult } from '../models';
import { CermCursor, CermCustomerPage, CermCustomerView, DepartmentView, DownloadView } from '../customer-models';

/** The CERM connector's channels: its customer download (browse, live search, export) and department links. */
export const cermChannels = {
  'departments:link-cerm': {
    input: z.object({ departmentId: RowId, cermCustomerId: Text(64).min(1).nullable() }).strict(),
    output: DepartmentView,
  },
  'cerm:customers': {
    input: z
      .object({ q: SearchText(100).optional(), cursor: CermCursor.nullable().default(null), limit: z.number().int().min(1).max(500).default(100) })
      .strict(),
    output: CermCustomerPage,
  },
  'cerm:search-live': { input: z.object({ q: SearchText(100).min(1) }).strict(), output: z.array(CermCustomerView) },
  'cerm:downloads': { input: z.object({}).strict().default({}), output: z.array(DownloadView) },
  'cerm:export': {
    // q: CSV and XLSX export what the browse list shows for that search; raw JSON is the whole answer as received.
    input: z.object({ format: z.enum(['json', 'csv', 'xlsx']), downloadId: RowId.optional(), q: SearchText(100).optional() }).strict(),
    output: ExportResult,
  },
} as const;
