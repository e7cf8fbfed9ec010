import { Button, Callout, Radio, RadioGroup, Spinner, Tab, Tabs } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { AccountDetail } from '../../../../src-preload/contract';
import { useConnectionStore } from '../../api/connection-store';
import { navigate } from '../../app/router';
import { formatAgo, formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { AccountInfoTab } from './account-info-tab';
import { accountTitle, waitingChanges } from './account-format';
import { subscribeAccountEvents, useAccountStore } from './accounts-store';
import { ContactsTab } from './contacts-tab';
import { HistoryTab } from './history-tab';
import { OrdersTab } from './orders-tab';
import { PricingTab } from './pricing-tab';
import { RoleTip } from '../../components/role-gate';
import { useCan } from '../../api/staff-store';

type TabId = 'account' | 'contacts' | 'pricing' | 'orders' | 'history';

function StatusRadios({ detail }: { detail: AccountDetail }) {
  const [saving, setSaving] = useState(false);
  const status = detail.account.status;
  const can = useCan('accounts:set-status');
  return (
    <div className="sd-account-status" data-testid="account-status-control" data-status={status}>
      <RoleTip can={can}>
        <RadioGroup
          inline
          label="Account status"
          name="account-status"
          selectedValue={status}
          disabled={saving || !can.allowed}
          onChange={(e) => {
            const next = e.currentTarget.value as 'enabled' | 'disabled';
            setSaving(true);
            void useAccountStore.getState().setStatus(next).finally(() => setSaving(false));
          }}
        >
          <Radio data-testid="account-enabled" data-action="accounts:set-status" value="enabled" label="Enabled" />
          <Radio data-testid="account-disabled" data-action="accounts:set-status" value="disabled" label="Disabled" />
        </RadioGroup>
      </RoleTip>
      <span className={status === 'disabled' ? 'sd-warning-text' : 'sd-muted'}>
        {status === 'disabled' ? 'Disabled: no contact of this account can sign in.' : 'Disabled means no contact of this account can sign in.'}
      </span>
    </div>
  );
}

function PendingBanner({ detail }: { detail: AccountDetail }) {
  const waiting = waitingChanges(detail);
  if (waiting.length === 0) return null;
  return (
    <Callout intent="primary" icon="time" compact className="sd-compact-callout sd-pending" data-testid="account-pending" title="Goes to the ERP with the next order">
      <ul className="sd-pending-list">
        {waiting.map((p) => (
          <li key={p.id} data-testid="pending-change" data-field={p.field}>
            <span className="sd-strong">{p.label}</span>: <span className="sd-mono-cell">{p.value ?? '(empty)'}</span>{' '}
            <span className="sd-muted" title={formatDateTime(p.createdAt)}>
              since {formatAgo(p.createdAt)}
            </span>
          </li>
        ))}
      </ul>
    </Callout>
  );
}

/** The loaded account: its status at the top, the editing mode, what waits for the ERP, and its sections as tabs. */
export function AccountSections({ detail }: { detail: AccountDetail }) {
  const [tab, setTab] = useState<TabId>('account');
  const accountId = detail.account.id;
  return (
    <>
      <StatusRadios detail={detail} />
      {detail.editing.mode === 'restricted' && (
        <Callout intent="warning" icon="lock" compact className="sd-compact-callout" data-testid="account-restricted">
          {detail.editing.message}
        </Callout>
      )}
      <PendingBanner detail={detail} />
      <Tabs id="account-tabs" selectedTabId={tab} onChange={(id) => setTab(id as TabId)} className="sd-account-tabs" renderActiveTabPanelOnly>
        <Tab id="account" title="Account" data-testid="tab-account" panel={<AccountInfoTab detail={detail} />} />
        <Tab id="contacts" title={`Contacts (${detail.contacts.length})`} data-testid="tab-contacts" panel={<ContactsTab detail={detail} />} />
        <Tab id="pricing" title="Pricing" data-testid="tab-pricing" panel={<PricingTab detail={detail} />} />
        <Tab id="orders" title="Orders" data-testid="tab-orders" panel={<OrdersTab accountId={accountId} />} />
        <Tab id="history" title="History" data-testid="tab-history" panel={<HistoryTab />} />
      </Tabs>
    </>
  );
}

/** One account page: its status at the top, what waits for the ERP, and its sections as tabs. */
export function AccountPage({ accountId }: { accountId: number }) {
  const detail = useAccountStore((s) => s.detail);
  const error = useAccountStore((s) => s.error);
  const resyncs = useConnectionStore((s) => s.resyncs);

  useEffect(() => subscribeAccountEvents(), []);
  useEffect(() => {
    void useAccountStore.getState().open(accountId);
  }, [accountId, resyncs]);
  useEffect(() => () => void useAccountStore.getState().open(null), []);

  const shown = detail && detail.account.id === accountId ? detail : null;
  const back = (
    <Button icon="arrow-left" size="small" variant="minimal" text="Accounts" data-testid="account-back" onClick={() => navigate({ name: 'accounts' })} />
  );

  let body;
  if (error && !shown) {
    body = (
      <Callout intent="danger" className="sd-compact-callout" data-testid="account-error">
        {error.code === 'not_found' ? `There is no account #${accountId}.` : `Could not open the account: ${error.message}`}{' '}
        {error.code !== 'not_found' && <Button size="small" variant="minimal" intent="primary" text="Try again" onClick={() => void useAccountStore.getState().refresh()} />}
      </Callout>
    );
  } else if (!shown) {
    body = <Spinner size={24} className="sd-block" />;
  } else {
    body = <AccountSections detail={shown} />;
  }

  return (
    <div className="sd-page sd-page-scroll" data-testid="account-page" data-id={accountId}>
      <PageHeader
        title={shown ? accountTitle(shown.account) : `Account #${accountId}`}
        subtitle={shown ? (shown.account.erpCustomerId ? `ERP customer ${shown.account.erpCustomerId}` : 'Not in the ERP yet: it is created there with its first order') : undefined}
        actions={back}
      />
      <div className="sd-account-body">{body}</div>
    </div>
  );
}
