import { useCallback, useEffect, useRef, useState } from 'react';
import { Button } from '@blueprintjs/core';
import type { CermCustomerView } from '../../../../src-preload/contract';
import { formatCount } from '../../components/format';
import { SearchBox } from '../../components/search-box';
import { EmptyTable, VirtualTable, type Column, keysetTableProps } from '../../components/virtual-table';
import { RecordChanges } from '../../components/field-changes';
import { useCermBrowser } from './cerm-store';

const searchCermCustomers = (q: string) => void useCermBrowser.getState().setQuery({ q });

const text = (value: string | null) => (value ? <span title={value}>{value}</span> : <span className="sd-muted">—</span>);

const COLUMNS: readonly Column<CermCustomerView>[] = [
  { key: 'name', header: 'Name', width: 'minmax(160px, 1.6fr)', isKey: true, render: (c) => <span className="sd-strong">{text(c.name)}</span> },
  { key: 'number', header: 'Number', width: '96px', className: 'sd-mono-cell', render: (c) => text(c.number) },
  { key: 'costCode', header: 'Cost code', width: '96px', className: 'sd-mono-cell', render: (c) => text(c.costCode) },
  { key: 'email', header: 'Email', width: 'minmax(150px, 1.3fr)', render: (c) => text(c.email) },
  { key: 'phone', header: 'Phone', width: '120px', priority: 3, render: (c) => text(c.phone) },
  { key: 'street', header: 'Street', width: 'minmax(120px, 1fr)', priority: 4, render: (c) => text(c.street) },
  { key: 'postalCode', header: 'Postal code', width: '84px', priority: 5, render: (c) => text(c.postalCode) },
  { key: 'city', header: 'City', width: 'minmax(90px, 0.8fr)', priority: 2, render: (c) => text(c.city) },
  { key: 'country', header: 'Country', width: '88px', priority: 5, render: (c) => text(c.country) },
  { key: 'vat', header: 'VAT number', width: '120px', className: 'sd-mono-cell', priority: 6, render: (c) => text(c.vatNumber) },
];

/** The last download, searchable and paged by name: what department links are picked from. */
export function CermCustomerBrowser() {
  const list = useCermBrowser();
  // A customer picked in the table shows what CERM changed on it, download by download.
  const [pickedId, setPickedId] = useState<string | null>(null);
  const picked = pickedId === null ? null : (list.rows.find((c) => c.cermId === pickedId) ?? null);
  const panel = useRef<HTMLElement>(null);
  // The changes open under the table, brought into view (the table is right above them).
  useEffect(() => {
    if (pickedId !== null) panel.current?.scrollIntoView({ block: 'start' });
  }, [pickedId]);

  const loadMore = useCallback(() => void useCermBrowser.getState().loadMore(), []);
  const searching = list.query.q.trim() !== '';
  const total = list.total;

  return (
    <div className="sd-browser">
      <div className="sd-filter-row sd-browser-bar">
        <SearchBox value={list.query.q} onSearch={searchCermCustomers} testId="cerm-customers-search" placeholder="Search name, number, cost code, email…" maxLength={100} />
        <span className="sd-muted">
          {searching && list.loaded && `${formatCount(list.rows.length)}${list.exhausted ? '' : '+'} matching · `}
          <span data-testid="cerm-customers-total" data-total={total ?? ''}>
            {total == null ? '—' : formatCount(total)}
          </span>{' '}
          CERM customer{total === 1 ? '' : 's'} stored
        </span>
      </div>
      <div className={`sd-browser-table${list.loaded && list.rows.length === 0 && !list.error ? ' is-empty' : ''}`}>
        <VirtualTable
          {...keysetTableProps(list, loadMore)}
          columns={COLUMNS}
          rowKey={(c) => c.cermId}
          rowTestId="cerm-customer-row"
          rowAttributes={(c) => ({ 'data-cerm-id': c.cermId })}
          selectedKey={pickedId}
          onRowClick={(c) => setPickedId((id) => (id === c.cermId ? null : c.cermId))}
          endLabel={`${formatCount(list.rows.length)} shown`}
          empty={
            searching ? (
              <EmptyTable title="No CERM customer matches" description="The search covers name, number, cost code, email and CERM id." />
            ) : (
              <EmptyTable title="Nothing downloaded yet" description="Download customers from CERM to browse them here." />
            )
          }
        />
      </div>
      {picked && (
        <section ref={panel} className="sd-browser-changes" data-testid="cerm-customer-changes" aria-label={`Changes CERM made to ${picked.name}`}>
          <div className="sd-browser-changes-head">
            <div className="sd-section-label">
              Changes CERM made to {picked.name}
              {picked.number ? ` (${picked.number})` : ''}
            </div>
            <Button size="small" variant="minimal" icon="cross" aria-label="Close the changes" onClick={() => setPickedId(null)} />
          </div>
          <RecordChanges
            records={[{ entityType: 'cerm_customer', entityId: picked.cermId }]}
            rowTestId="cerm-customer-change"
            empty="No download has changed this customer since it was first downloaded."
            // Read again when a download changed the customer (the row the table shows is the stored one).
            version={JSON.stringify(picked)}
          />
        </section>
      )}
    </div>
  );
}
