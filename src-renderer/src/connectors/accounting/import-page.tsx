import { Alert, Button, ButtonGroup, Callout, Section, SectionCard, Tag } from '@blueprintjs/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AccountingCustomerView } from '../../../../src-preload/contract';
import { useConnectionStore } from '../../api/connection-store';
import { DownloadsTable } from '../../components/downloads-table';
import { formatCount, formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { SearchBox } from '../../components/search-box';
import { EmptyTable, VirtualTable, type Column, keysetTableProps } from '../../components/virtual-table';
import { resendConsequence, shortUuid, shortWhen, STATE_TEXT, welcomeText } from './import-format';
import { useImportList, useImportStore, type ExportFormat } from './import-store';
import { RoleButton } from '../../components/role-gate';

const dash = <span className="sd-muted">—</span>;
const text = (value: string) => (value ? <span title={value}>{value}</span> : dash);
const search = (q: string) => void useImportList.getState().setQuery({ q });

type Pending = { kind: 'resend' | 'delete'; customer: AccountingCustomerView } | null;

function columns(busyId: number | null, ask: (p: Pending) => void): Column<AccountingCustomerView>[] {
  return [
    { key: 'name', header: 'Name', width: 'minmax(100px, 1fr)', render: (c) => <span className="sd-strong">{text(c.name)}</span> },
    { key: 'email', header: 'Email', width: 'minmax(130px, 1.3fr)', render: (c) => text(c.email) },
    { key: 'account', header: 'Account no.', width: '96px', className: 'sd-mono-cell', render: (c) => text(c.accountNumber) },
    {
      key: 'uuid',
      header: <span title="The customer's UUID in the accounting system">UUID</span>,
      width: '112px',
      className: 'sd-mono-cell',
      render: (c) => (
        <span title={c.accountingUuid} data-testid="accounting-uuid">
          {shortUuid(c.accountingUuid)}
        </span>
      ),
    },
    {
      key: 'state',
      header: 'In accounting',
      width: '120px',
      render: (c) => (
        <Tag minimal intent={STATE_TEXT[c.state].intent} className="sd-tag" title={STATE_TEXT[c.state].title} data-testid="accounting-state" data-state={c.state}>
          {STATE_TEXT[c.state].label}
        </Tag>
      ),
    },
    { key: 'imported', header: 'Imported', width: '96px', className: 'sd-mono-cell', render: (c) => <span title={formatDateTime(c.importedAt)}>{shortWhen(c.importedAt)}</span> },
    {
      key: 'welcome',
      header: 'Welcome email',
      width: '116px',
      render: (c) => {
        const w = welcomeText(c.welcome);
        return (
          <Tag minimal intent={w.intent} className="sd-tag sd-ellipsis" title={w.title} data-testid="welcome-status" data-status={c.welcome.status}>
            {w.label}
          </Tag>
        );
      },
    },
    {
      key: 'actions',
      header: '',
      width: '66px',
      className: 'sd-row-actions',
      render: (c) => (
        <span className="sd-inline">
          <RoleButton
            action="accounting:resend-welcome"
            data-testid="resend-welcome"
            size="small"
            variant="minimal"
            icon="envelope"
            aria-label="Resend welcome email"
            title="Resend welcome email"
            loading={busyId === c.customerId}
            disabled={busyId != null}
            onClick={() => ask({ kind: 'resend', customer: c })}
          />
          <RoleButton
            action="customers:delete"
            data-testid="delete-customer"
            size="small"
            variant="minimal"
            intent="danger"
            icon="trash"
            aria-label="Delete customer"
            title="Delete customer"
            disabled={busyId != null}
            onClick={() => ask({ kind: 'delete', customer: c })}
          />
        </span>
      ),
    },
  ];
}

function Downloads() {
  const downloads = useImportStore((s) => s.downloads);
  const error = useImportStore((s) => s.downloadsError);
  return (
    <Section compact collapsible collapseProps={{ defaultIsOpen: false }} icon="cloud-download" title={`Raw downloads (${downloads.length})`} className="sd-block sd-acct-downloads">
      <SectionCard padded={false} className="sd-acct-downloads-body">
        {error && (
          <Callout intent="danger" compact className="sd-compact-callout">
            Could not load the downloads: {error.message}
          </Callout>
        )}
        <DownloadsTable
          downloads={downloads}
          testIdPrefix="accounting"
          emptyDescription="Each customer import keeps the accounting system's answer as received. Run the Customers task on Sync Status to make one."
        />
      </SectionCard>
    </Section>
  );
}

function ExportButtons() {
  const exporting = useImportStore((s) => s.exporting);
  const hasDownload = useImportStore((s) => s.downloads.some((d) => d.status === 'complete'));
  return (
    <ButtonGroup>
      {(['json', 'csv', 'xlsx'] as ExportFormat[]).map((format) => (
        <RoleButton
          action="accounting:export"
          key={format}
          data-testid={`accounting-export-${format}`}
          size="small"
          icon={format === 'json' ? 'code' : format === 'csv' ? 'th' : 'th-derived'}
          text={format === 'json' ? 'Raw JSON' : format.toUpperCase()}
          title={hasDownload ? 'Export the last download' : 'Nothing downloaded yet: run the import first'}
          loading={exporting === format}
          disabled={exporting !== null || !hasDownload}
          onClick={() => void useImportStore.getState().exportAs(format)}
        />
      ))}
    </ButtonGroup>
  );
}

/** Customers > Accounting import: who came in from the accounting system, their link there and their welcome email. */
export function AccountingImportPage() {
  const list = useImportList();
  const busyId = useImportStore((s) => s.busyId);
  const mode = useImportStore((s) => s.mode);
  const resyncs = useConnectionStore((s) => s.resyncs);
  const [pending, setPending] = useState<Pending>(null);

  useEffect(() => {
    void useImportStore.getState().load();
  }, [resyncs]);

  const cols = useMemo(() => columns(busyId, setPending), [busyId]);
  const loadMore = useCallback(() => void useImportList.getState().loadMore(), []);
  const q = list.query.q.trim();

  let subtitle: string | undefined;
  if (list.rows.length > 0) subtitle = `${formatCount(list.rows.length)}${list.exhausted ? '' : '+'} imported customer${list.rows.length === 1 ? '' : 's'}${q ? ' matching' : ''}`;
  else if (list.loading) subtitle = 'Loading…';

  function confirm() {
    if (!pending) return;
    const { kind, customer } = pending;
    setPending(null);
    if (kind === 'resend') void useImportStore.getState().resendWelcome(customer);
    else void useImportStore.getState().remove(customer);
  }

  const who = pending ? `${pending.customer.name || pending.customer.email} (${pending.customer.email})` : '';

  return (
    <div className="sd-page sd-page-fill" data-testid="accounting-import-page">
      <PageHeader
        title="Accounting import"
        subtitle={subtitle}
        actions={
          <>
            <ExportButtons />
            <Button icon="refresh" size="small" variant="minimal" text="Refresh" onClick={() => void useImportStore.getState().load()} />
          </>
        }
      />
      <div className="sd-filter-bar">
        <div className="sd-filter-row">
          <SearchBox value={list.query.q} onSearch={search} testId="accounting-customers-search" placeholder="Search name, email, account number, UUID…" maxLength={100} />
        </div>
      </div>
      <Downloads />
      <VirtualTable
        {...keysetTableProps(list, loadMore)}
        columns={cols}
        rowKey={(c) => c.customerId}
        rowTestId="accounting-customer-row"
        rowAttributes={(c) => ({ 'data-id': String(c.customerId), 'data-email': c.email })}
        endLabel="End of list"
        empty={
          q ? (
            <EmptyTable title="No imported customer matches" description={`Nothing matches “${q}” in name, email, account number or UUID.`} />
          ) : (
            <EmptyTable
              title="No customers imported yet"
              description="Choose the Show on Web Field in Connections > Accounting, flag customers there, then press Sync Now on the Customers task in Sync Status."
            />
          )
        }
      />
      <Alert
        canEscapeKeyCancel
        isOpen={pending?.kind === 'resend'}
        icon="envelope"
        intent="primary"
        confirmButtonText="Resend welcome email"
        cancelButtonText="Cancel"
        onConfirm={confirm}
        onCancel={() => setPending(null)}
      >
        <p>
          Send the welcome email to <strong>{who}</strong> again?
        </p>
        <p>{resendConsequence(mode)}</p>
      </Alert>
      <Alert
        canEscapeKeyCancel
        isOpen={pending?.kind === 'delete'}
        icon="trash"
        intent="danger"
        confirmButtonText="Delete"
        cancelButtonText="Cancel"
        onConfirm={confirm}
        onCancel={() => setPending(null)}
      >
        <p>
          Delete <strong>{who}</strong>?
        </p>
        <p>
          The customer and what is theirs here (addresses, links) are removed; they can no longer sign in. Nothing changes in the accounting system: while the
          customer is still flagged there, a later import can create the account again (and send a new welcome email if Send Emails is on).
        </p>
      </Alert>
    </div>
  );
}

