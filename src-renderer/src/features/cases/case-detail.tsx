import { Button, Callout, Spinner, Tag } from '@blueprintjs/core';
import type { CaseDetail } from '../../../../src-preload/contract';
import { navigate } from '../../app/router';
import { formatDateTime } from '../../components/format';
import { EntityLog } from '../../components/entity-log';
import { RecordChanges } from '../../components/field-changes';
import { CaseFailures } from './case-failures';
import { CaseAttachments } from './case-attachments';
import { CASE_STATUS_INTENT, CASE_STATUS_LABEL, caseAddressLine } from './case-format';
import { useCasesStore } from './cases-store';
import { registry } from '../../connectors';
import { RoleButton } from '../../components/role-gate';

function Facts({ detail }: { detail: CaseDetail }) {
  const c = detail.case;
  const address = caseAddressLine(c.address);
  const where = c.address && [c.address.siteCode && `site ${c.address.siteCode}`, c.address.centralAssetId && `asset ${c.address.centralAssetId}`, c.address.x != null && c.address.y != null && `x ${c.address.x}, y ${c.address.y}`].filter(Boolean).join(' · ');
  return (
    <dl className="sd-facts sd-facts-detail">
      <dt>Person</dt>
      <dd>
        {c.personId != null ? (
          <a href={`#/customers/${c.personId}`} onClick={(e) => (e.preventDefault(), navigate({ name: 'customers', customerId: c.personId! }))}>
            {c.personName ?? `#${c.personId}`}
          </a>
        ) : (
          <span className="sd-muted">none</span>
        )}
      </dd>
      <dt>Address</dt>
      <dd>
        {address || <span className="sd-muted">none</span>}
        {where && <div className="sd-muted">{where}</div>}
      </dd>
      <dt>Due</dt>
      <dd>{c.dueAt != null ? formatDateTime(c.dueAt).slice(0, 10) : '—'}</dd>
      {detail.fields.map((f) => [
        <dt key={`${f.key}-t`}>{f.label}</dt>,
        <dd key={`${f.key}-d`} data-testid="case-value" data-key={f.key}>
          {c.values[f.key] != null && c.values[f.key] !== '' ? String(c.values[f.key]) : <span className="sd-muted">—</span>}
        </dd>,
      ])}
      <dt>Created</dt>
      <dd>{formatDateTime(c.createdAt)}</dd>
      <dt>Updated</dt>
      <dd>{formatDateTime(c.updatedAt)}</dd>
      {c.closedAt != null && (
        <>
          <dt>Closed</dt>
          <dd>{formatDateTime(c.closedAt)}</dd>
        </>
      )}
    </dl>
  );
}

function References({ detail }: { detail: CaseDetail }) {
  if (detail.references.length === 0) return <div className="sd-muted">No References are shown on cases.</div>;
  return (
    <dl className="sd-facts sd-facts-detail">
      {detail.references.map((r) => [
        <dt key={`${r.referenceId}-t`}>{r.name}</dt>,
        <dd key={`${r.referenceId}-d`}>
          {r.value ? (
            <span className="sd-mono-cell sd-strong" data-testid="case-reference" data-name={r.name} title={r.updatedAt ? `Set ${formatDateTime(r.updatedAt)}` : undefined}>
              {r.value}
            </span>
          ) : (
            <span className="sd-muted" data-testid="case-reference-empty" data-name={r.name}>
              not set yet
            </span>
          )}
        </dd>,
      ])}
    </dl>
  );
}

export function CaseDetailPanel({ onEdit }: { onEdit(): void }) {
  const selectedId = useCasesStore((s) => s.selectedId);
  const detail = useCasesStore((s) => s.detail);
  const error = useCasesStore((s) => s.detailError);
  if (selectedId == null) return null;
  const shown = detail && detail.case.id === selectedId ? detail : null;
  const c = shown?.case;

  return (
    <aside className="sd-details sd-case-detail" data-testid="case-detail" data-id={selectedId} aria-label="Case details">
      <div className="sd-details-head">
        <span className="sd-inline">
          <span className="sd-strong sd-ellipsis">{c ? `#${c.id} ${c.title}` : `Case #${selectedId}`}</span>
          {c && (
            <Tag minimal intent={CASE_STATUS_INTENT[c.status]} className="sd-tag" data-testid="case-detail-status" data-status={c.status}>
              {CASE_STATUS_LABEL[c.status]}
            </Tag>
          )}
        </span>
        <span className="sd-inline">
          {c && <RoleButton action="cases:save" data-testid="case-edit" size="small" variant="minimal" icon="edit" text="Edit" onClick={onEdit} />}
          <Button icon="cross" variant="minimal" size="small" aria-label="Close details" onClick={() => navigate({ name: 'cases' })} />
        </span>
      </div>
      {error ? (
        <Callout intent="danger" className="sd-compact-callout sd-details-callout">
          {error.code === 'not_found' ? `There is no case #${selectedId}.` : error.message}
        </Callout>
      ) : !shown ? (
        <Spinner size={20} className="sd-block" />
      ) : (
        <div className="sd-details-body">
          <CaseFailures log={shown.log} />
          {shown.case.description && <div className="sd-details-message sd-case-description">{shown.case.description}</div>}
          <Facts detail={shown} />
          <div className="sd-section-label">References</div>
          <References detail={shown} />
          {registry.caseSections.map(({ key, Component }) => (
            <Component key={key} detail={shown} refresh={() => useCasesStore.getState().refreshDetail()} />
          ))}
          <div className="sd-section-label">Attachments ({shown.attachments.length})</div>
          <CaseAttachments caseId={shown.case.id} attachments={shown.attachments} />
          <div className="sd-section-label">Changes made by syncs</div>
          <RecordChanges
            records={[{ entityType: 'case', entityId: String(shown.case.id) }]}
            rowTestId="case-change"
            empty="No sync has changed this case."
            version={`${shown.case.updatedAt}/${shown.log.length}`}
          />
          <div className="sd-section-label">Integration log ({shown.log.length})</div>
          <EntityLog entries={shown.log} rowTestId="case-log-row" empty="Nothing has been logged about this case yet." />
        </div>
      )}
    </aside>
  );
}
