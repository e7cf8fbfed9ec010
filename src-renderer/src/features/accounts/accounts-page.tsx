import { Button, HTMLSelect, Tag } from '@blueprintjs/core';
import { useCallback, useEffect, useState } from 'react';
import type { AccountSummary } from '../../../../src-preload/contract';
import { useConnectionStore } from '../../api/connection-store';
import { navigate } from '../../app/router';
import { PageHeader } from '../../components/page-header';
import { SearchBox } from '../../components/search-box';
import { EmptyTable, VirtualTable, keysetTableProps, type Column } from '../../components/virtual-table';
import { AccountPage } from './account-page';
import { AddAccountDialog } from './add-account-dialog';
import { useAccountList, type StatusFilter } from './accounts-store';
import { RoleButton } from '../../components/role-gate';

const dash = <span className="sd-muted">—</span>;
const text = (value: string | null) => (value ? <span title={value}>{value}</span> : dash);

const COLUMNS: Column<AccountSummary>[] = [
  { key: 'number', header: 'Account no.', width: '110px', className: 'sd-mono-cell', render: (a) => text(a.accountNumber) },
  { key: 'name', header: 'Name', width: 'minmax(150px, 1.6fr)', render: (a) => <span className="sd-strong">{text(a.name)}</span> },
  { key: 'email', header: 'Email', width: 'minmax(150px, 1.4fr)', render: (a) => text(a.email) },
  { key: 'city', header: 'City', width: 'minmax(90px, 0.8fr)', render: (a) => text(a.city) },
  { key: 'level', header: 'Price level', width: '112px', render: (a) => text(a.priceLevel) },
  { key: 'rep', header: 'Rep', width: '72px', className: 'sd-mono-cell', render: (a) => text(a.repCode) },
  {
    key: 'status',
    header: 'Status',
    width: '150px',
    render: (a) => (
      <span className="sd-inline">
        <Tag minimal intent={a.status === 'enabled' ? 'success' : 'none'} className="sd-tag" data-testid="account-status">
          {a.status}
        </Tag>
        {a.pendingChanges > 0 && (
          <Tag minimal intent="warning" className="sd-tag" title="Web changes waiting for the next order">
            {a.pendingChanges} pending
          </Tag>
        )}
      </span>
    ),
  },
];

const search = (q: string) => void useAccountList.getState().setQuery({ q });

function AccountList() {
  const list = useAccountList();
  const resyncs = useConnectionStore((s) => s.resyncs);
  const [adding, setAdding] = useState(false);

  useEffect(() => {
    void useAccountList.getState().reload();
  }, [resyncs]);

  const loadMore = useCallback(() => void useAccountList.getState().loadMore(), []);
  const onRowClick = useCallback((a: AccountSummary) => navigate({ name: 'accounts', accountId: a.id }), []);
  const q = list.query.q.trim();

  let subtitle: string | undefined;
  if (list.rows.length > 0) subtitle = `${list.rows.length.toLocaleString()}${list.exhausted ? '' : '+'} account${list.rows.length === 1 ? '' : 's'}${q ? ' matching' : ''} · by name`;
  else if (list.loading) subtitle = 'Loading…';

  return (
    <div className="sd-page sd-page-fill" data-testid="accounts-page">
      <PageHeader
        title="Accounts"
        subtitle={subtitle}
        actions={
          <>
            <Button icon="refresh" size="small" variant="minimal" text="Refresh" onClick={() => void useAccountList.getState().reload()} />
            <RoleButton action="accounts:create" data-testid="add-account" icon="add" size="small" intent="primary" text="Add Account" onClick={() => setAdding(true)} />
          </>
        }
      />
      <div className="sd-filter-bar sd-accounts-filter">
        <div className="sd-filter-row">
          <SearchBox value={list.query.q} onSearch={search} testId="accounts-search" placeholder="Name, account no. or contact email…" maxLength={100} />
          <label className="sd-inline">
            <span className="sd-muted">Status</span>
            <HTMLSelect
              data-testid="accounts-status-filter"
              value={list.query.status}
              onChange={(e) => void useAccountList.getState().setQuery({ status: e.currentTarget.value as StatusFilter })}
              options={[
                { value: 'all', label: 'All' },
                { value: 'enabled', label: 'Enabled' },
                { value: 'disabled', label: 'Disabled' },
              ]}
            />
          </label>
        </div>
      </div>
      <VirtualTable
        {...keysetTableProps(list, loadMore)}
        columns={COLUMNS}
        rowKey={(a) => a.id}
        rowTestId="account-row"
        rowAttributes={(a) => ({ 'data-id': String(a.id), 'data-number': a.accountNumber ?? '' })}
        onRowClick={onRowClick}
        endLabel="End of list"
        empty={
          q || list.query.status !== 'all' ? (
            <EmptyTable title="No accounts match" description={q ? `Nothing matches “${q}” in name, account number or contact email.` : 'No account has this status.'} />
          ) : (
            <EmptyTable title="No accounts yet" description="Accounts come from the ERP's accounts sync (Sync Status), or here with + Add Account." />
          )
        }
      />
      <AddAccountDialog isOpen={adding} onClose={() => setAdding(false)} />
    </div>
  );
}

/** Customers > Accounts: the list, or one account's page. */
export function AccountsPage({ accountId }: { accountId?: number }) {
  return accountId != null ? <AccountPage key={accountId} accountId={accountId} /> : <AccountList />;
}
