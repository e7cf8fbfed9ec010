import { Button, Callout } from '@blueprintjs/core';
import { useCallback, useEffect, useState } from 'react';
import type { CustomerView, DepartmentView } from '../../../../src-preload/contract';
import { navigate } from '../../app/router';
import { formatCount } from '../../components/format';
import { showError, showSuccess } from '../../components/toaster';
import { EmptyTable, LoadErrorFooter, VirtualTable, type Column } from '../../components/virtual-table';
import { customerName } from '../customers/customer-format';
import { useDepartmentsStore, useMemberList } from './departments-store';
import { RoleButton } from '../../components/role-gate';

const MEMBER_COLUMNS: readonly Column<CustomerView>[] = [
  { key: 'name', header: 'Name', width: 'minmax(120px, 1fr)', render: (c) => <span title={customerName(c)}>{customerName(c)}</span> },
  { key: 'email', header: 'Email', width: 'minmax(140px, 1.3fr)', render: (c) => <span title={c.email}>{c.email}</span> },
  // The panel is narrow at 1024 px: the cost code gives way (named by the table's marker) before the list scrolls.
  { key: 'costCode', header: 'Cost code', width: '96px', className: 'sd-mono-cell', priority: 2, render: (c) => c.costCode ?? '' },
];

function CermLink({ department, onPick }: { department: DepartmentView; onPick(): void }) {
  const [unlinking, setUnlinking] = useState(false);
  const unlink = async () => {
    setUnlinking(true);
    const result = await useDepartmentsStore.getState().link(department.id, null);
    setUnlinking(false);
    if (result.ok) showSuccess(`${department.name} is no longer linked to a CERM customer.`);
    else showError('Unlinking', result.error);
  };
  const linked = department.cermCustomerId != null;
  return (
    <div className="sd-link-box" data-testid="department-cerm" data-cerm-id={department.cermCustomerId ?? ''}>
      <div className="sd-link-box-text">
        {linked ? (
          <>
            <div className="sd-strong">{department.cermCustomerName ?? department.cermCustomerId}</div>
            <div className="sd-muted">
              CERM id <span className="sd-mono-cell">{department.cermCustomerId}</span>
              {' · '}cost code <span className="sd-mono-cell">{department.cermCostCode ?? '—'}</span>
            </div>
          </>
        ) : (
          <>
            <div className="sd-strong">Not linked to CERM</div>
            <div className="sd-muted">Link a CERM customer so registrants giving its cost code land here.</div>
          </>
        )}
      </div>
      <div className="sd-inline">
        <RoleButton action="departments:link-cerm" data-testid="department-link-cerm" size="small" icon="link" text={linked ? 'Change' : 'Link to CERM customer'} intent={linked ? 'none' : 'primary'} onClick={onPick} />
        {linked && <RoleButton action="departments:link-cerm" data-testid="department-unlink-cerm" size="small" variant="minimal" icon="disable" text="Unlink" loading={unlinking} onClick={() => void unlink()} />}
      </div>
    </div>
  );
}

interface DepartmentPanelProps {
  departmentId: number;
  department: DepartmentView | undefined;
  onEdit(): void;
  onPick(): void;
}

export function DepartmentPanel({ departmentId, department, onEdit, onPick }: DepartmentPanelProps) {
  const members = useMemberList();
  const loaded = useDepartmentsStore((s) => s.loaded);

  useEffect(() => {
    void useMemberList.getState().setQuery({ departmentId });
  }, [departmentId, department?.members]);

  const loadMore = useCallback(() => void useMemberList.getState().loadMore(), []);
  const onMember = useCallback((c: CustomerView) => navigate({ name: 'customers', customerId: c.id }), []);

  return (
    <aside className="sd-details sd-department-detail" data-testid="department-detail" data-id={departmentId} aria-label="Department">
      <div className="sd-details-head">
        <span className="sd-strong sd-ellipsis">{department?.name ?? `Department #${departmentId}`}</span>
        <span className="sd-inline">
          {department && <RoleButton action="departments:save" data-testid="department-edit" size="small" variant="minimal" icon="edit" text="Edit" onClick={onEdit} />}
          <Button icon="cross" variant="minimal" size="small" aria-label="Close" onClick={() => navigate({ name: 'departments' })} />
        </span>
      </div>
      {!department ? (
        loaded && (
          <Callout intent="warning" className="sd-compact-callout sd-details-callout">
            There is no department #{departmentId}.
          </Callout>
        )
      ) : (
        <div className="sd-details-body sd-details-fill">
          <div className={department.description ? 'sd-details-message' : 'sd-details-message sd-muted'}>{department.description ?? 'No description.'}</div>
          <div className="sd-section-label">CERM customer</div>
          <CermLink department={department} onPick={onPick} />
          <div className="sd-section-label">
            Members ({formatCount(department.members)})
          </div>
          <div className="sd-members" data-testid="department-members">
            <VirtualTable
              rows={members.rows}
              columns={MEMBER_COLUMNS}
              rowKey={(c) => c.id}
              rowTestId="department-member-row"
              rowAttributes={(c) => ({ 'data-id': String(c.id) })}
              onRowClick={onMember}
              loading={members.loading}
              hasMore={!members.exhausted}
              onEndReached={loadMore}
              resetKey={members.queryId}
              error={members.error ? <LoadErrorFooter message={members.error.message} onRetry={() => void members.reload()} /> : undefined}
              empty={<EmptyTable title="No members" description="Customers placed in this department are listed here. With “Place registrants in a department by cost code” on (Connections › CERM › Behaviour), registrants whose cost code matches the linked CERM customer join it." />}
            />
          </div>
        </div>
      )}
    </aside>
  );
}
