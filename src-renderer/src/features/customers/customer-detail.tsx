import { Alert, Button, Callout, HTMLTable, Spinner, Tag } from '@blueprintjs/core';
import { useState } from 'react';
import type { AddressView, CustomerDetail } from '../../../../src-preload/contract';
import { navigate } from '../../app/router';
import { formatDateTime } from '../../components/format';
import { EntityLog } from '../../components/entity-log';
import { RecordChanges } from '../../components/field-changes';
import { addressLine, addressOrigin, cermLink, customerName, otherExternalIds } from './customer-format';
import { useCustomersStore } from './customers-store';
import { RoleButton } from '../../components/role-gate';

const STATUS_INTENT = { active: 'success', pending: 'warning', disabled: 'none' } as const;

function Facts({ detail, costCodeLabel }: { detail: CustomerDetail; costCodeLabel: string }) {
  const c = detail.customer;
  const cermId = cermLink(detail);
  const otherIds = otherExternalIds(detail);
  return (
    <dl className="sd-facts sd-facts-detail">
      <dt>Email</dt>
      <dd>{c.email}</dd>
      <dt>Company</dt>
      <dd>{c.company ?? '—'}</dd>
      <dt>Phone</dt>
      <dd>{c.phone ?? '—'}</dd>
      <dt>{costCodeLabel}</dt>
      <dd className={c.costCode ? 'sd-mono-cell' : undefined}>{c.costCode ?? '—'}</dd>
      <dt>Department</dt>
      <dd data-testid="customer-department" data-department-id={c.departmentId ?? ''}>
        {c.departmentId != null ? (
          <a
            href={`#/departments/${c.departmentId}`}
            onClick={(e) => (e.preventDefault(), navigate({ name: 'departments', departmentId: c.departmentId! }))}
          >
            {c.departmentName ?? `#${c.departmentId}`}
          </a>
        ) : (
          <span className="sd-muted">none</span>
        )}
      </dd>
      <dt>CERM id</dt>
      <dd className={cermId ? 'sd-mono-cell' : undefined} data-testid="customer-cerm-id">
        {cermId ??
          (detail.customer.departmentCermId ? (
            <span>
              {detail.customer.departmentCermId} <span className="sd-muted">via department {detail.customer.departmentName}</span>
            </span>
          ) : (
            <span className="sd-muted">not linked to CERM</span>
          ))}
      </dd>
      {otherIds.map(([system, id]) => [
        <dt key={`${system}-t`}>{system} id</dt>,
        <dd key={`${system}-d`} className="sd-mono-cell">
          {id}
        </dd>,
      ])}
      <dt>Account no.</dt>
      <dd className={c.accountNumber ? 'sd-mono-cell' : undefined}>{c.accountNumber ?? '—'}</dd>
      <dt>Origin</dt>
      <dd>{c.origin}</dd>
      <dt>Created</dt>
      <dd>{formatDateTime(c.createdAt)}</dd>
      <dt>Updated</dt>
      <dd>{formatDateTime(c.updatedAt)}</dd>
    </dl>
  );
}

function Addresses({ addresses }: { addresses: readonly AddressView[] }) {
  if (addresses.length === 0) {
    return <div className="sd-muted">No addresses. Customers linked to a CERM account get theirs from the address sync.</div>;
  }
  return (
    <HTMLTable compact className="sd-table sd-detail-table">
      <thead>
        <tr>
          <th>Kind</th>
          <th>Address</th>
          <th>Origin</th>
        </tr>
      </thead>
      <tbody>
        {addresses.map((a) => {
          const line = addressLine(a);
          return (
            <tr key={a.id} data-testid="customer-address" data-origin={a.origin}>
              <td>{a.kind}</td>
              <td>
                {a.name && <div className="sd-strong">{a.name}</div>}
                <div>{line || <span className="sd-muted">no street address</span>}</div>
              </td>
              <td>
                <Tag
                  minimal
                  intent={a.origin === 'local' ? 'none' : 'primary'}
                  className="sd-tag"
                  title={a.origin === 'local' ? 'Entered here' : `Kept current by the ${addressOrigin(a.origin)} address sync (updated ${formatDateTime(a.updatedAt)})`}
                >
                  {addressOrigin(a.origin)}
                </Tag>
              </td>
            </tr>
          );
        })}
      </tbody>
    </HTMLTable>
  );
}

export function CustomerDetailPanel({ costCodeLabel }: { costCodeLabel: string }) {
  const selectedId = useCustomersStore((s) => s.selectedId);
  const detail = useCustomersStore((s) => s.detail);
  const error = useCustomersStore((s) => s.detailError);
  const remove = useCustomersStore((s) => s.remove);
  const [confirming, setConfirming] = useState(false);
  if (selectedId == null) return null;
  const shown = detail && detail.customer.id === selectedId ? detail : null;
  const c = shown?.customer;

  return (
    <aside className="sd-details sd-customer-detail" data-testid="customer-detail" data-id={selectedId} aria-label="Customer details">
      <div className="sd-details-head">
        <span className="sd-inline">
          <span className="sd-strong sd-ellipsis">{c ? customerName(c) : `Customer #${selectedId}`}</span>
          {c && (
            <Tag minimal intent={STATUS_INTENT[c.status]} className="sd-tag">
              {c.status}
            </Tag>
          )}
        </span>
        <span className="sd-inline">
          {c && (
            <RoleButton
              action="customers:delete"
              icon="trash"
              intent="danger"
              variant="minimal"
              size="small"
              aria-label="Delete customer"
              title="Delete customer"
              data-testid="customer-delete"
              onClick={() => setConfirming(true)}
            />
          )}
          <Button icon="cross" variant="minimal" size="small" aria-label="Close details" onClick={() => navigate({ name: 'customers' })} />
        </span>
      </div>
      <Alert
        canEscapeKeyCancel
        isOpen={confirming && c != null}
        icon="trash"
        intent="danger"
        confirmButtonText="Delete"
        cancelButtonText="Cancel"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          if (c) void remove(c.id, customerName(c));
        }}
      >
        <p>
          Delete <strong>{c ? `${customerName(c)} (${c.email})` : ''}</strong>?
        </p>
        <p>
          The customer and what is theirs here (addresses, links to other systems) are removed; they can no longer sign in. Nothing is deleted in CERM or the
          accounting system: an import may create the customer again.
        </p>
      </Alert>
      {error ? (
        <Callout intent="danger" className="sd-compact-callout sd-details-callout">
          {error.code === 'not_found' ? `There is no customer #${selectedId}.` : error.message}
        </Callout>
      ) : !shown ? (
        <Spinner size={20} className="sd-block" />
      ) : (
        <div className="sd-details-body">
          <Facts detail={shown} costCodeLabel={costCodeLabel} />
          <div className="sd-section-label">Addresses ({shown.addresses.length})</div>
          <Addresses addresses={shown.addresses} />
          <div className="sd-section-label">Changes made by syncs</div>
          <RecordChanges
            records={[
              { entityType: 'customer', entityId: String(shown.customer.id) },
              ...shown.addresses.filter((a) => a.externalId).map((a) => ({ entityType: 'address', entityId: a.externalId! })),
            ]}
            rowTestId="customer-change"
            empty="No sync has changed this customer or its addresses."
            version={String(shown.log.length)}
          />
          <div className="sd-section-label">Integration log ({shown.log.length})</div>
          <EntityLog entries={shown.log} rowTestId="customer-log-row" empty="Nothing has been logged about this customer yet." />
        </div>
      )}
    </aside>
  );
}
