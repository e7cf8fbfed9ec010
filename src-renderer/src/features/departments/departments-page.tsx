import { Button, Callout } from '@blueprintjs/core';
import { useCallback, useEffect, useState } from 'react';
import type { DepartmentView } from '../../../../src-preload/contract';
import { useConnectionStore } from '../../api/connection-store';
import { navigate } from '../../app/router';
import { formatCount } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { Blank, EmptyTable, VirtualTable, type Column } from '../../components/virtual-table';
import { CermPicker } from './cerm-picker';
import { DepartmentDialog } from './department-dialog';
import { DepartmentPanel } from './department-panel';
import { useDepartmentsStore } from './departments-store';
import { RoleButton } from '../../components/role-gate';

const muted = (value: string) => <span className="sd-muted">{value}</span>;

const COLUMNS: readonly Column<DepartmentView>[] = [
  { key: 'name', header: 'Name', width: 'minmax(140px, 1fr)', isKey: true, render: (d) => <span className="sd-strong" title={d.name}>{d.name}</span> },
  { key: 'description', header: 'Description', width: 'minmax(140px, 1.4fr)', priority: 3, render: (d) => (d.description ? <span title={d.description}>{d.description}</span> : muted('—')) },
  {
    key: 'cermCustomer',
    header: 'CERM customer',
    width: 'minmax(150px, 1.2fr)',
    render: (d) => (d.cermCustomerId ? <span title={d.cermCustomerName ?? d.cermCustomerId}>{d.cermCustomerName ?? d.cermCustomerId}</span> : <Blank text="not linked" />),
  },
  { key: 'costCode', header: 'Cost code', width: '100px', className: 'sd-mono-cell', priority: 2, render: (d) => d.cermCostCode ?? '' },
  { key: 'members', header: 'Members', width: '76px', className: 'sd-num', render: (d) => formatCount(d.members) },
];

// The target outlives the open flag so a closing dialog keeps its title through the animation.
interface DialogState<T> {
  open: boolean;
  target: T;
}

export function DepartmentsPage({ departmentId }: { departmentId?: number }) {
  const departments = useDepartmentsStore((s) => s.departments);
  const loaded = useDepartmentsStore((s) => s.loaded);
  const loadError = useDepartmentsStore((s) => s.loadError);
  const resyncs = useConnectionStore((s) => s.resyncs);
  const [editing, setEditing] = useState<DialogState<DepartmentView | null>>({ open: false, target: null });
  const [picking, setPicking] = useState<DialogState<DepartmentView | null>>({ open: false, target: null });

  useEffect(() => {
    void useDepartmentsStore.getState().load();
  }, [resyncs]);

  const selected = departmentId != null ? departments.find((d) => d.id === departmentId) : undefined;
  const onRowClick = useCallback((d: DepartmentView) => navigate({ name: 'departments', departmentId: d.id }), []);
  const closePicker = useCallback(() => setPicking((p) => ({ ...p, open: false })), []);
  const closeEditor = useCallback(() => setEditing((e) => ({ ...e, open: false })), []);
  const linked = departments.filter((d) => d.cermCustomerId).length;

  return (
    <div className="sd-page sd-page-fill">
      <PageHeader
        title="Departments"
        subtitle={loaded && departments.length > 0 ? `${departments.length} department${departments.length === 1 ? '' : 's'} · ${linked} linked to CERM` : undefined}
        actions={
          <>
            <Button icon="refresh" size="small" variant="minimal" text="Refresh" onClick={() => void useDepartmentsStore.getState().load()} />
            <RoleButton action="departments:save" data-testid="department-new" icon="add" size="small" intent="primary" text="New department" onClick={() => setEditing({ open: true, target: null })} />
          </>
        }
      />
      {loadError && (
        <Callout intent="danger" title="Could not load the departments" className="sd-block sd-compact-callout">
          {loadError.message}
        </Callout>
      )}
      <div className="sd-split">
        <div className="sd-split-main">
          <VirtualTable
            rows={departments}
            columns={COLUMNS}
            rowKey={(d) => d.id}
            rowTestId="department-row"
            rowAttributes={(d) => ({ 'data-id': String(d.id) })}
            selectedKey={departmentId ?? null}
            onRowClick={onRowClick}
            loading={!loaded}
            hasMore={false}
            onEndReached={noop}
            empty={
              <EmptyTable
                title="No departments yet"
                description="Departments group customers for products and pricing. Add one with New department; link it to a CERM customer and registrants with that customer's cost code join it."
              />
            }
          />
        </div>
        {departmentId != null && (
          <DepartmentPanel
            departmentId={departmentId}
            department={selected}
            onEdit={() => selected && setEditing({ open: true, target: selected })}
            onPick={() => selected && setPicking({ open: true, target: selected })}
          />
        )}
      </div>
      <DepartmentDialog isOpen={editing.open} department={editing.target} onClose={closeEditor} />
      <CermPicker isOpen={picking.open} department={picking.target} onClose={closePicker} />
    </div>
  );
}

function noop(): void {}
