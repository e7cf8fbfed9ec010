import type { LogEntry, LogFilter } from '../../src-preload/contract';
import type { LogRepo } from '../store/log-repo';
import { writeCsv, type CsvColumn } from './csv-writer';

type Row = LogEntry;

const COLUMNS: CsvColumn<Row>[] = [
  { header: 'time', value: (r) => new Date(r.ts).toISOString() },
  { header: 'connector', value: (r) => r.connectorId },
  { header: 'action', value: (r) => r.action },
  { header: 'entity_type', value: (r) => r.entityType },
  { header: 'entity_id', value: (r) => r.entityId },
  { header: 'outcome', value: (r) => r.outcome },
  { header: 'attempt', value: (r) => r.attempt },
  { header: 'message', value: (r) => r.message },
  { header: 'job_id', value: (r) => r.jobId },
  { header: 'run_id', value: (r) => r.runId },
  { header: 'dismissed', value: (r) => r.dismissed },
];

/** The filtered log view as CSV. Details stay out: excerpts are for the panel, not for files that travel. */
export function exportLogCsv(repo: LogRepo, filter: LogFilter, path: string): Promise<number> {
  return writeCsv(path, COLUMNS, repo.iterate(filter));
}
