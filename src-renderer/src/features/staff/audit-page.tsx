import { Button, Callout, FormGroup, HTMLSelect, HTMLTable, InputGroup, NonIdealState, Spinner, Tag } from '@blueprintjs/core';
import { Fragment, useEffect, useState } from 'react';
import { channelWords, type AuditEntry } from '../../../../src-preload/contract';
import { epochOfField, formatExactUtc, formatZonedDateTime } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { auditDiff, changedCount } from './audit-diff';
import { useAuditStore } from './audit-store';

const CHANGE_WORDS = { added: 'added', removed: 'removed', changed: 'changed', same: '' } as const;

/** A stored value as staff read it: a time (a field `…At` holding epoch milliseconds) as the screen shows times. */
function Value({ path, value }: { path: string; value: string | undefined }) {
  if (value === undefined) return <span className="sd-muted">—</span>;
  const ms = epochOfField(path, value);
  if (ms === null) return <>{value}</>;
  return (
    <time dateTime={new Date(ms).toISOString()} title={`${formatExactUtc(ms)} (${value})`} data-testid="audit-diff-time">
      {formatZonedDateTime(ms)}
    </time>
  );
}

function Diff({ entry }: { entry: AuditEntry }) {
  const rows = auditDiff(entry.before, entry.after);
  if (rows.length === 0) return <span className="sd-muted">Nothing recorded beyond the change itself.</span>;
  return (
    <HTMLTable compact className="sd-table sd-detail-table sd-audit-diff" data-testid="audit-diff">
      <thead>
        <tr>
          <th>Field</th>
          <th>Before</th>
          <th>After</th>
          <th>
            <span className="sd-visually-hidden">Change</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.path} data-change={r.change} data-testid="audit-diff-row">
            <td className="sd-mono-cell">{r.path}</td>
            <td className="sd-mono-cell">
              <Value path={r.path} value={r.before} />
            </td>
            <td className="sd-mono-cell">
              <Value path={r.path} value={r.after} />
            </td>
            <td>{r.change !== 'same' && <Tag minimal intent={r.change === 'removed' ? 'danger' : r.change === 'added' ? 'success' : 'warning'}>{CHANGE_WORDS[r.change]}</Tag>}</td>
          </tr>
        ))}
      </tbody>
    </HTMLTable>
  );
}

function AuditRow({ entry }: { entry: AuditEntry }) {
  const [open, setOpen] = useState(false);
  const changed = entry.before === null ? null : changedCount(auditDiff(entry.before, entry.after));
  return (
    <Fragment>
      <tr data-testid="audit-row" data-channel={entry.channel}>
        <td>
          <Button
            size="small"
            variant="minimal"
            icon={open ? 'chevron-down' : 'chevron-right'}
            aria-expanded={open}
            aria-label={open ? 'Hide the change' : 'Show the change'}
            data-testid="audit-row-toggle"
            onClick={() => setOpen(!open)}
          />
        </td>
        <td>
          <time dateTime={new Date(entry.at).toISOString()} title={formatExactUtc(entry.at)}>
            {formatZonedDateTime(entry.at)}
          </time>
        </td>
        <td className="sd-mono-cell">{entry.actorEmail}</td>
        <td data-testid="audit-row-what">
          {channelWords(entry.channel)}
          {entry.entity && <span className="sd-muted"> · {entry.entity}</span>}
        </td>
        <td className="sd-muted">{changed === null ? 'as asked' : `${changed} field${changed === 1 ? '' : 's'} changed`}</td>
      </tr>
      {open && (
        <tr className="sd-audit-detail">
          <td />
          <td colSpan={4}>
            <Diff entry={entry} />
          </td>
        </tr>
      )}
    </Fragment>
  );
}

/** Team > Audit (admins): every change made through the console, who made it and when, before and after, secrets masked. */
export function AuditPage() {
  const { entries, nextCursor, users, loading, error, filter } = useAuditStore();
  useEffect(() => {
    void useAuditStore.getState().load();
  }, []);
  const setFilter = (patch: Partial<typeof filter>) => void useAuditStore.getState().setFilter({ ...filter, ...patch });
  return (
    <div className="sd-page sd-page-scroll" data-testid="audit-page">
      <PageHeader title="Audit" subtitle="Every change made through this team server's console, newest first. Passwords, keys and tokens are masked." />
      <div className="sd-inline sd-audit-filters">
        <FormGroup label="User" labelFor="audit-user" inline>
          <HTMLSelect id="audit-user" data-testid="audit-filter-user" value={filter.actorId ?? ''} onChange={(e) => setFilter({ actorId: e.currentTarget.value ? Number(e.currentTarget.value) : undefined })}>
            <option value="">Anyone</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.email}
              </option>
            ))}
          </HTMLSelect>
        </FormGroup>
        <FormGroup label="From" labelFor="audit-from" inline>
          <InputGroup id="audit-from" data-testid="audit-filter-from" type="date" size="small" value={filter.fromDay ?? ''} onValueChange={(v) => setFilter({ fromDay: v || undefined })} />
        </FormGroup>
        <FormGroup label="To" labelFor="audit-to" inline>
          <InputGroup id="audit-to" data-testid="audit-filter-to" type="date" size="small" value={filter.toDay ?? ''} onValueChange={(v) => setFilter({ toDay: v || undefined })} />
        </FormGroup>
      </div>
      {error && (
        <Callout intent="danger" title="The audit trail could not be read" data-testid="audit-error">
          {error.message}
        </Callout>
      )}
      {!entries && !error && <Spinner size={24} />}
      {entries && entries.length === 0 && <NonIdealState icon="history" title="No changes" description="Nothing was changed under this filter." />}
      {entries && entries.length > 0 && (
        <HTMLTable compact className="sd-table" data-testid="audit-table">
          <thead>
            <tr>
              <th>
                <span className="sd-visually-hidden">Open</span>
              </th>
              <th>When</th>
              <th>Who</th>
              <th>What</th>
              <th>Change</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <AuditRow key={e.id} entry={e} />
            ))}
          </tbody>
        </HTMLTable>
      )}
      {nextCursor !== null && <Button className="sd-load-more" text="Load older changes" loading={loading} data-testid="audit-more" onClick={() => void useAuditStore.getState().more()} />}
    </div>
  );
}
