import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string | number | boolean | null;
}

/**
 * Streams rows into a CSV file: rows are pulled one by one from the iterator (the store reads them in chunks), written with
 * backpressure, into a temporary file that replaces the target only when complete.
 */
export async function writeCsv<T>(path: string, columns: CsvColumn<T>[], rows: Iterable<T> | AsyncIterable<T>, yieldEvery = 2_000): Promise<number> {
  const tmp = `${path}.partial`;
  const out = createWriteStream(tmp);
  const csv = stringify({ header: true, columns: columns.map((c) => c.header), bom: true });
  csv.pipe(out);
  let count = 0;
  try {
    for await (const row of rows) {
      if (!csv.write(columns.map((c) => c.value(row)))) await once(csv, 'drain');
      if (++count % yieldEvery === 0) await new Promise((r) => setImmediate(r));
    }
    csv.end();
    await once(out, 'finish');
    await rename(tmp, path);
    return count;
  } catch (err) {
    csv.destroy();
    out.destroy();
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}
