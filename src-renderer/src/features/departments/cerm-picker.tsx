import { Button, Callout, Dialog, DialogBody, InputGroup } from '@blueprintjs/core';
import { useCallback, useEffect, useState } from 'react';
import type { AppError, CermCustomerView, DepartmentView } from '../../../../src-preload/contract';
import { settle } from '../../api/call';
import { api } from '../../api/client';
import { formatCount } from '../../components/format';
import { showSuccess } from '../../components/toaster';
import { EmptyTable, LoadErrorFooter, VirtualTable, type Column } from '../../components/virtual-table';
import { useDepartmentsStore, usePickerList } from './departments-store';

const SEARCH_DEBOUNCE_MS = 250;

const text = (value: string | null) => (value ? <span title={value}>{value}</span> : <span className="sd-muted">—</span>);

const COLUMNS: readonly Column<CermCustomerView>[] = [
  { key: 'name', header: 'Name', width: 'minmax(180px, 2fr)', render: (c) => <span className="sd-strong">{text(c.name)}</span> },
  { key: 'number', header: 'Number', width: '110px', className: 'sd-mono-cell', render: (c) => text(c.number) },
  { key: 'costCode', header: 'Cost code', width: '110px', className: 'sd-mono-cell', render: (c) => text(c.costCode) },
  { key: 'city', header: 'City', width: 'minmax(110px, 1fr)', render: (c) => text(c.city) },
];

interface LiveSearch {
  q: string;
  rows: CermCustomerView[] | null;
  loading: boolean;
  error: AppError | null;
}

/** Picks the CERM customer a department stands for: from the last download as you type, or searched in CERM live. */
export function CermPicker({ isOpen, department, onClose }: { isOpen: boolean; department: DepartmentView | null; onClose(): void }) {
  const list = usePickerList();
  const [q, setQ] = useState('');
  const [live, setLive] = useState<LiveSearch | null>(null);
  const [linkError, setLinkError] = useState<AppError | null>(null);
  const [linking, setLinking] = useState<string | null>(null);

  useEffect(() => {
    if (!isOpen) return;
    setQ('');
    setLive(null);
    setLinkError(null);
    void usePickerList.getState().setQuery({ q: '' });
  }, [isOpen]);
  useEffect(() => {
    if (!isOpen || q === usePickerList.getState().query.q) return;
    const timer = setTimeout(() => void usePickerList.getState().setQuery({ q }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [q, isOpen]);

  const searchLive = async () => {
    const term = q.trim();
    if (!term) return;
    setLive({ q: term, rows: null, loading: true, error: null });
    const result = await settle(api().cermSearchLive({ q: term }));
    setLive({ q: term, rows: result.ok ? result.data : null, loading: false, error: result.ok ? null : result.error });
  };

  const pick = useCallback(
    async (c: CermCustomerView) => {
      if (!department || linking) return;
      setLinking(c.cermId);
      setLinkError(null);
      const result = await useDepartmentsStore.getState().link(department.id, c.cermId);
      setLinking(null);
      if (!result.ok) return setLinkError(result.error);
      showSuccess(`${department.name} is linked to CERM customer ${c.name}${c.costCode ? ` (cost code ${c.costCode})` : ''}.`);
      onClose();
    },
    [department, linking, onClose],
  );

  const loadMore = useCallback(() => void usePickerList.getState().loadMore(), []);
  const showingLive = live != null;
  const total = list.total ?? 0;

  let caption: string;
  if (showingLive) caption = live.loading ? `Asking CERM for “${live.q}”…` : `${live.rows?.length ?? 0} found in CERM itself`;
  else if (list.query.q.trim()) caption = `${formatCount(list.rows.length)}${list.exhausted ? '' : '+'} of ${formatCount(total)} downloaded customers match`;
  else caption = `${formatCount(total)} customers in the last download`;

  return (
    <Dialog isOpen={isOpen} onClose={onClose} title={department ? `Link ${department.name} to a CERM customer` : ''} icon="link" className="sd-dialog sd-dialog-wide">
      <DialogBody className="sd-picker-body">
        <div className="sd-filter-row sd-picker-bar">
          <InputGroup
            data-testid="cerm-picker-search"
            type="search"
            leftIcon="search"
            size="small"
            autoFocus
            maxLength={100}
            placeholder="Name, number, cost code or email…"
            value={q}
            className="sd-picker-search"
            onChange={(e) => {
              setQ(e.currentTarget.value);
              setLive(null);
            }}
            onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}
          />
          <Button
            data-testid="cerm-picker-live"
            icon="globe-network"
            size="small"
            text="Search CERM live"
            title={q.trim() ? `Ask CERM itself for “${q.trim()}”` : 'Type a name, number or cost code first'}
            disabled={!q.trim()}
            loading={live?.loading}
            onClick={() => void searchLive()}
          />
          {showingLive && <Button size="small" variant="minimal" icon="arrow-left" text="Back to download" onClick={() => setLive(null)} />}
          <span className="sd-muted sd-picker-caption">{caption}</span>
        </div>
        {linkError && (
          <Callout intent="danger" compact className="sd-compact-callout" data-testid="cerm-picker-error" title={linkError.code === 'conflict' ? 'Already linked elsewhere' : 'Not linked'}>
            {linkError.message}
          </Callout>
        )}
        {showingLive && live.error && (
          <Callout intent="danger" compact className="sd-compact-callout" title="CERM could not be searched">
            {live.error.message}
          </Callout>
        )}
        <div className="sd-picker-table">
          <VirtualTable
            rows={showingLive ? (live.rows ?? []) : list.rows}
            columns={COLUMNS}
            rowKey={(c) => c.cermId}
            rowTestId="cerm-picker-row"
            rowAttributes={(c) => ({ 'data-cerm-id': c.cermId, title: `Link ${department?.name ?? ''} to ${c.name}` })}
            selectedKey={linking ?? department?.cermCustomerId ?? null}
            onRowClick={(c) => void pick(c)}
            loading={showingLive ? live.loading : list.loading}
            hasMore={showingLive ? false : !list.exhausted}
            onEndReached={loadMore}
            resetKey={showingLive ? `live:${live.q}` : list.queryId}
            error={!showingLive && list.error ? <LoadErrorFooter message={list.error.message} onRetry={() => void list.reload()} /> : undefined}
            empty={
              showingLive ? (
                <EmptyTable title="CERM found no customer" description={`Nothing in CERM matches “${live.q}”.`} />
              ) : total === 0 && !list.query.q.trim() ? (
                <EmptyTable title="No CERM customers downloaded yet" description="Download customers on Connections › CERM, or type a name and search CERM live." />
              ) : (
                <EmptyTable title="No downloaded customer matches" description="Try another term, or search CERM live for customers added since the last download." />
              )
            }
          />
        </div>
        <div className="sd-muted sd-picker-hint">Click a customer to link it. With automatic department linking on, registrants who give its cost code are placed in this department.</div>
      </DialogBody>
    </Dialog>
  );
}
