import { Button, HTMLTable } from '@blueprintjs/core';
import { useCallback, useEffect, useState } from 'react';
import type { AppError, FieldChange, RecordChangePage, RecordChangeView, Result } from '../../../src-preload/contract';
import { api } from '../api/client';
import { settle } from '../api/call';
import { formatDateTime, formatShortTime } from './format';

const PAGE = 50;

const shownValue = (v: string | null) => (v === null ? <span className="sd-muted">(none)</span> : v);

/** "name: Old → New" for one field, as a run's item lists its update. */
export function changeText(c: FieldChange): string {
  return `${c.field}: ${c.from ?? '(none)'} → ${c.to ?? '(none)'}`;
}

/** The changes of a run's item in a line (the full list in its title). */
export function ItemChanges({ changes }: { changes: readonly FieldChange[] }) {
  const text = changes.map(changeText).join(' · ');
  return (
    <span title={text} data-testid="item-changes">
      {text}
    </span>
  );
}

/** A page of changes with "Show older" until there are no more. */
function useChangePages(load: (cursor: number | undefined) => Promise<Result<RecordChangePage>>, key: string) {
  const [rows, setRows] = useState<RecordChangeView[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [loading, setLoading] = useState(true);
  const page = useCallback(
    async (cursor: number | undefined, replace: boolean) => {
      setLoading(true);
      const r = await settle(load(cursor));
      setLoading(false);
      if (!r.ok) return setError(r.error);
      setError(null);
      setRows((old) => (replace ? r.data.changes : [...old, ...r.data.changes]));
      setNext(r.data.nextCursor);
    },
    // `key` names what `load` reads (a new function each render).
    [key],
  );
  useEffect(() => void page(undefined, true), [page]);
  return { rows, next, error, loading, more: () => void (next !== null && page(next, false)) };
}

function ChangesTable({ rows, showRecord, rowTestId }: { rows: RecordChangeView[]; showRecord: boolean; rowTestId: string }) {
  return (
    <HTMLTable compact className="sd-table sd-detail-table">
      <thead>
        <tr>
          <th>When</th>
          {showRecord && <th>Record</th>}
          <th>Field</th>
          <th>Before</th>
          <th>After</th>
          <th>By</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <tr key={c.id} data-testid={rowTestId} data-field={c.field}>
            <td className="sd-mono-cell sd-nowrap" title={formatDateTime(c.at)}>
              {formatShortTime(c.at)}
            </td>
            {showRecord && (
              <td className="sd-nowrap">
                {c.entityType} {c.entityId}
              </td>
            )}
            <td>{c.field}</td>
            <td data-testid="change-from">
              {shownValue(c.from)}
              {c.lostEditId !== null && (
                <span className="sd-muted" data-testid="change-lost-edit" title="A change made here, not yet sent, was overwritten: see the record's History to re-apply it">
                  {' '}
                  (edit lost)
                </span>
              )}
            </td>
            <td data-testid="change-to">{shownValue(c.to)}</td>
            <td className="sd-muted sd-nowrap">
              {c.connectorId} · {c.runId !== null ? `run #${c.runId}` : c.source}
            </td>
          </tr>
        ))}
      </tbody>
    </HTMLTable>
  );
}

function Pages({ p, empty, rowTestId, showRecord }: { p: ReturnType<typeof useChangePages>; empty: string; rowTestId: string; showRecord: boolean }) {
  if (p.error) return <div className="sd-muted">Could not read the changes: {p.error.message}</div>;
  if (p.rows.length === 0) return <div className="sd-muted">{p.loading ? 'Reading…' : empty}</div>;
  return (
    <>
      <ChangesTable rows={p.rows} showRecord={showRecord} rowTestId={rowTestId} />
      {p.next !== null && <Button size="small" variant="minimal" text="Show older" loading={p.loading} onClick={p.more} />}
    </>
  );
}

/** A record's page (a customer with its addresses, a case): what syncs changed on it, field by field, newest first. */
/** `version` changes whenever the records may have changed (a sync wrote to them): the list is read again then. */
export function RecordChanges({ records, rowTestId, empty, version }: { records: { entityType: string; entityId: string }[]; rowTestId: string; empty: string; version?: string }) {
  const key = `${records.map((r) => `${r.entityType}/${r.entityId}`).join(',')}@${version ?? ''}`;
  const p = useChangePages((cursor) => api().changesOfRecords({ records: records.slice(0, 50), cursor, limit: PAGE }), key);
  return <Pages p={p} empty={empty} rowTestId={rowTestId} showRecord={records.length > 1} />;
}

/** A run's page: every field it changed, in the order it changed them. */
export function RunChanges({ runId }: { runId: number }) {
  const p = useChangePages((cursor) => api().changesOfRun({ runId, cursor, limit: 200 }), String(runId));
  return <Pages p={p} empty="This run changed no field of any record (or it only created records)." rowTestId="run-change" showRecord />;
}
