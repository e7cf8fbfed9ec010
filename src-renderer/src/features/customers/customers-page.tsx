import { Button } from '@blueprintjs/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CustomerView } from '../../../../src-preload/contract';
import { useConnectionStore } from '../../api/connection-store';
import { navigate } from '../../app/router';
import { PageHeader } from '../../components/page-header';
import { EmptyTable, VirtualTable, keysetTableProps } from '../../components/virtual-table';
import { customerColumns } from './customer-columns';
import { CustomerDetailPanel } from './customer-detail';
import { subscribeCustomerEvents, useCustomerList, useCustomersStore } from './customers-store';
import { RegisterDialog } from './register-dialog';
import { RegistrationOutcome } from './registration-outcome';
import { SearchBox } from '../../components/search-box';
import { RoleButton } from '../../components/role-gate';

const searchCustomers = (q: string) => void useCustomerList.getState().setQuery({ q });

function CustomerSearch() {
  const q = useCustomerList((s) => s.query.q);
  return <SearchBox value={q} onSearch={searchCustomers} testId="customers-search" placeholder="Search name, email, company, cost code…" maxLength={100} />;
}

export function CustomersPage({ customerId }: { customerId?: number }) {
  const list = useCustomerList();
  const form = useCustomersStore((s) => s.form);
  const pendingNew = useCustomersStore((s) => s.pendingNew);
  const resyncs = useConnectionStore((s) => s.resyncs);
  const [registering, setRegistering] = useState(false);

  useEffect(() => subscribeCustomerEvents(), []);
  useEffect(() => {
    void useCustomersStore.getState().loadForm();
    void useCustomersStore.getState().reloadList();
  }, [resyncs]);
  useEffect(() => {
    void useCustomersStore.getState().open(customerId ?? null);
  }, [customerId]);

  const label = form?.costCodeLabel ?? 'Cost code';
  const open = customerId != null;
  const columns = useMemo(() => customerColumns(label), [label]);
  const loadMore = useCallback(() => void useCustomerList.getState().loadMore(), []);
  const onRowClick = useCallback((c: CustomerView) => navigate({ name: 'customers', customerId: c.id }), []);
  const q = list.query.q.trim();

  let subtitle: string | undefined;
  if (list.rows.length > 0) subtitle = `${list.rows.length.toLocaleString()}${list.exhausted ? '' : '+'} customer${list.rows.length === 1 ? '' : 's'}${q ? ' matching' : ''} · newest first`;
  else if (list.loading) subtitle = 'Loading…';

  return (
    <div className="sd-page sd-page-fill">
      <PageHeader
        title="Customers"
        subtitle={subtitle}
        actions={
          <>
            <Button icon="refresh" size="small" variant="minimal" text="Refresh" onClick={() => void useCustomersStore.getState().reloadList()} />
            <RoleButton action="customers:register" data-testid="register-customer" icon="new-person" size="small" intent="primary" text="Register customer" onClick={() => setRegistering(true)} />
          </>
        }
      />
      <div className="sd-filter-bar">
        <div className="sd-filter-row">
          <CustomerSearch />
        </div>
      </div>
      <RegistrationOutcome />
      <div className="sd-split">
        <div className="sd-split-main">
          {pendingNew > 0 && (
            <div className="sd-pill-wrap">
              <Button className="sd-pill" icon="arrow-up" intent="primary" size="small" onClick={() => void useCustomersStore.getState().reloadList()}>
                {pendingNew} new registration{pendingNew === 1 ? '' : 's'}
              </Button>
            </div>
          )}
          <VirtualTable
            {...keysetTableProps(list, loadMore)}
            columns={columns}
            rowKey={(c) => c.id}
            rowTestId="customer-row"
            rowAttributes={(c) => ({ 'data-id': String(c.id) })}
            selectedKey={customerId ?? null}
            onRowClick={onRowClick}
            endLabel="End of list"
            empty={
              q ? (
                <EmptyTable title="No customers match" description={`Nothing matches “${q}” in name, email, company, ${label.toLowerCase()} or account number.`} />
              ) : (
                <EmptyTable title="No customers yet" description="Customers arrive by registration: here with Register customer, or from the storefront through the platform API." />
              )
            }
          />
        </div>
        <CustomerDetailPanel costCodeLabel={label} />
      </div>
      <RegisterDialog isOpen={registering} onClose={() => setRegistering(false)} />
    </div>
  );
}
