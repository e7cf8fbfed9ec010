import { rename, unlink } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { CsvColumn } from './csv-writer';

export type XlsxColumn<T> = CsvColumn<T> & { width: number };

/** Streams rows into one XLSX sheet, in a temporary file that replaces the target only when complete. */
export async function writeXlsx<T>(path: string, sheet: string, columns: XlsxColumn<T>[], rows: Iterable<T> | AsyncIterable<T>, yieldEvery = 1_000): Promise<number> {
  const tmp = `${path}.partial`;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useStyles: false, useSharedStrings: false });
  try {
    const ws = wb.addWorksheet(sheet);
    ws.columns = columns.map((c) => ({ width: c.width }));
    ws.addRow(columns.map((c) => c.header)).commit();
    let count = 0;
    for await (const row of rows) {
      ws.addRow(columns.map((c) => c.value(row))).commit();
      if (++count % yieldEvery === 0) await new Promise((r) => setImmediate(r));
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
