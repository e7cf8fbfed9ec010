import { ErrorDetails, issueText } from '../../components/field-issues';
import { Button, Callout, FormGroup, HTMLSelect, InputGroup, Intent, Tag } from '@blueprintjs/core';
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import type { AccountDetail, AppError, PriceLineView } from '../../../../src-preload/contract';
import { settle } from '../../api/call';
import { api } from '../../api/client';
import { formatDateTime, formatShortTime } from '../../components/format';
import { createKeysetList } from '../../components/keyset-list';
import { SearchBox } from '../../components/search-box';
import { showError, showSuccess } from '../../components/toaster';
import { EmptyTable, VirtualTable, keysetTableProps, type Column } from '../../components/virtual-table';
import { formatCents, importedLabel, overrideLabel } from './account-format';
import { checkOverrideDraft, toOverrideInput, type OverrideDraft } from './override-draft';
import { RoleButton } from '../../components/role-gate';

// The page's totals ride on each page's answer; the list store keeps rows only.
let counts = { imported: 0, overrides: 0 };

const usePriceList = createKeysetList<PriceLineView, { accountId: number; q: string }, string>({
  initialQuery: { accountId: 0, q: '' },
  rowKey: (p) => p.item,
  fetchPage: async (query, cursor) => {
    const result = await api().accountsPrices({ accountId: query.accountId, q: query.q.trim() || undefined, cursor, limit: 200 });
    if (!result.ok) return result;
    counts = { imported: result.data.importedCount, overrides: result.data.overrideCount };
    return { ok: true, data: { rows: result.data.rows, nextCursor: result.data.nextCursor } };
  },
});

async function deleteOverride(id: number, item: string, reload: () => void) {
  const result = await settle(api().accountsDeleteOverride({ id }));
  if (!result.ok) return showError(`Deleting the override on ${item}`, result.error);
  showSuccess(`Override on ${item} deleted: the imported price applies again.`);
  reload();
}

function columns(reload: () => void): Column<PriceLineView>[] {
  return [
    { key: 'item', header: 'Item', width: 'minmax(110px, 1fr)', className: 'sd-mono-cell', render: (p) => <span title={p.item}>{p.item}</span> },
    {
      key: 'imported',
      header: 'Imported (ERP)',
      width: 'minmax(150px, 1fr)',
      render: (p) => <span data-testid="price-imported" title={p.imported ? `Imported ${formatDateTime(p.imported.importedAt)}` : undefined} className={p.imported ? undefined : 'sd-muted'}>{importedLabel(p)}</span>,
    },
    {
      key: 'override',
      header: 'Override (manual)',
      width: 'minmax(200px, 1.4fr)',
      render: (p) =>
        p.override ? (
          <span className="sd-inline" data-testid="price-override">
            <Tag minimal intent="primary" className="sd-tag">
              {overrideLabel(p.override)}
            </Tag>
            <span className="sd-muted sd-ellipsis" title={`${p.override.createdBy}, ${formatDateTime(p.override.createdAt)}`}>
              {p.override.createdBy} · {formatShortTime(p.override.createdAt)}
            </span>
          </span>
        ) : (
          <span className="sd-muted">—</span>
        ),
    },
    { key: 'pay', header: 'You pay', width: '100px', className: 'sd-num', render: (p) => <span className="sd-strong" data-testid="price-pay">{formatCents(p.priceCents)}</span> },
    {
      key: 'actions',
      header: '',
      width: '44px',
      render: (p) =>
        p.override && (
          <RoleButton
            action="accounts:delete-override"
            size="small"
            variant="minimal"
            intent="danger"
            icon="trash"
            data-testid="override-delete"
            aria-label={`Delete the override on ${p.item}`}
            title="Delete the override (the ERP price applies again)"
            onClick={() => void deleteOverride(p.override!.id, p.item, reload)}
          />
        ),
    },
  ];
}

function AddOverrideForm({ detail, onAdded }: { detail: AccountDetail; onAdded(): void }) {
  const level = detail.account.priceLevel;
  const [draft, setDraft] = useState<OverrideDraft>({ scope: 'account', item: '', kind: 'price', value: '' });
  const [errors, setErrors] = useState<Partial<Record<'item' | 'value', string>>>({});
  const [serverError, setServerError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);

  async function add(e: FormEvent) {
    e.preventDefault();
    const blocking = checkOverrideDraft(draft);
    setErrors(blocking);
    setServerError(null);
    if (Object.keys(blocking).length > 0 || saving) return;
    setSaving(true);
    const result = await settle(api().accountsAddOverride(toOverrideInput(draft, detail.account.id, level)));
    setSaving(false);
    if (!result.ok) return setServerError(result.error);
    showSuccess(`Override on ${draft.item.trim()} added; ERP price exports never change it.`);
    setDraft({ ...draft, item: '', value: '' });
    onAdded();
  }

  return (
    <form className="sd-override-form" onSubmit={(e) => void add(e)} noValidate data-testid="add-override-form">
      <HTMLSelect
        data-testid="override-scope"
        aria-label="Who the override is for"
        value={draft.scope}
        onChange={(e) => setDraft({ ...draft, scope: e.currentTarget.value as OverrideDraft['scope'] })}
        options={[
          { value: 'account', label: 'For this account' },
          { value: 'price_level', label: level ? `For price level ${level}` : 'For its price level (none set)', disabled: !level },
        ]}
      />
      <FormGroup className="sd-field sd-override-field" intent={errors.item ? Intent.DANGER : Intent.NONE} helperText={errors.item}>
        <InputGroup data-testid="override-item" aria-label="Item" size="small" placeholder="Item" value={draft.item} intent={errors.item ? Intent.DANGER : Intent.NONE} onChange={(e) => setDraft({ ...draft, item: e.currentTarget.value })} />
      </FormGroup>
      <HTMLSelect
        data-testid="override-kind"
        aria-label="Price or discount"
        value={draft.kind}
        onChange={(e) => setDraft({ ...draft, kind: e.currentTarget.value as OverrideDraft['kind'] })}
        options={[
          { value: 'price', label: 'Price ($)' },
          { value: 'discount', label: 'Discount (%)' },
        ]}
      />
      <FormGroup className="sd-field sd-override-field" intent={errors.value ? Intent.DANGER : Intent.NONE} helperText={errors.value}>
        <InputGroup data-testid="override-value" aria-label={draft.kind === 'price' ? 'Price in dollars' : 'Discount in percent'} size="small" placeholder={draft.kind === 'price' ? '12.50' : '15'} value={draft.value} intent={errors.value ? Intent.DANGER : Intent.NONE} onChange={(e) => setDraft({ ...draft, value: e.currentTarget.value })} />
      </FormGroup>
      <RoleButton action="accounts:add-override" data-testid="override-add" type="submit" size="small" intent="primary" icon="add" text="Add override" loading={saving} />
      {serverError && (
        <Callout intent="danger" compact className="sd-compact-callout" data-testid="override-error">
          <strong>Not added</strong> {serverError.issues?.length ? serverError.issues.map((i) => issueText(i, OVERRIDE_LABELS)).join(' ') : serverError.message}
          <ErrorDetails detail={serverError.detail} />
        </Callout>
      )}
    </form>
  );
}

/** Prices for the account: what the ERP exported, what was entered here, and what the account pays. */
const OVERRIDE_LABELS = { item: 'Item', value: 'Price or discount', kind: 'Price or discount', customer: 'Who the override is for' };

export function PricingTab({ detail }: { detail: AccountDetail }) {
  const list = usePriceList();
  const accountId = detail.account.id;
  useEffect(() => {
    void usePriceList.getState().setQuery({ accountId, q: '' });
  }, [accountId]);
  const reload = useCallback(() => void usePriceList.getState().reload(), []);
  const loadMore = useCallback(() => void usePriceList.getState().loadMore(), []);
  const cols = useMemo(() => columns(reload), [reload]);
  const onSearch = useCallback((q: string) => void usePriceList.getState().setQuery({ q }), []);
  const current = list.query.accountId === accountId;

  return (
    <div className="sd-account-pricing" data-testid="account-pricing">
      <div className="sd-muted sd-pricing-note">
        Imported prices come from the ERP's price export (the account's own price, else its price level's). Overrides are entered here: a full ERP export replaces
        the imported prices and never changes or deletes an override.
      </div>
      <AddOverrideForm detail={detail} onAdded={reload} />
      <div className="sd-filter-row sd-pricing-bar">
        <SearchBox value={list.query.q} onSearch={onSearch} testId="prices-search" placeholder="Search item…" maxLength={60} />
        {current && list.loaded && (
          <span className="sd-muted" data-testid="price-counts">
            {counts.imported.toLocaleString()} imported · {counts.overrides.toLocaleString()} override{counts.overrides === 1 ? '' : 's'}
          </span>
        )}
      </div>
      <div className="sd-pricing-table">
        <VirtualTable
          {...keysetTableProps(current ? list : { ...list, rows: [], loading: true }, loadMore)}
          columns={cols}
          rowKey={(p) => p.item}
          rowTestId="price-row"
          rowAttributes={(p) => ({ 'data-item': p.item })}
          endLabel="End of list"
          empty={<EmptyTable title="No prices" description={list.query.q ? `No item matches “${list.query.q}”.` : 'No price imported for this account or its price level yet, and no override.'} />}
        />
      </div>
    </div>
  );
}
