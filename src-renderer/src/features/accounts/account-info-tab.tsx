import { ErrorBody } from '../../components/field-issues';
import { Button, Callout, HTMLTable, Tag } from '@blueprintjs/core';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { AccountDetail, AppError } from '../../../../src-preload/contract';
import { showSuccess } from '../../components/toaster';
import { ContactAddressFields, ErpFields, OrderSettingsFields } from './account-fields';
import { accountErrorsFrom, FIELD_LABELS, checkAccountDraft, draftFrom, sameDraft, toPatch, type AccountDraft, type AccountFieldErrors, type DraftField } from './account-draft';
import { addressText, canEditAccount } from './account-format';
import { useAccountStore } from './accounts-store';
import { RoleButton } from '../../components/role-gate';

function ShipTos({ detail }: { detail: AccountDetail }) {
  if (detail.addresses.length === 0) {
    return <div className="sd-muted" data-testid="account-addresses-empty">No shipping addresses yet: they come from the ERP, or with the account's first order.</div>;
  }
  return (
    <HTMLTable compact className="sd-table sd-detail-table" data-testid="account-addresses">
      <thead>
        <tr>
          <th>Name</th>
          <th>Address</th>
          <th>In the ERP</th>
        </tr>
      </thead>
      <tbody>
        {detail.addresses.map((a) => (
          <tr key={a.id} data-testid="account-address">
            <td>{a.name ?? <span className="sd-muted">—</span>}</td>
            <td>{addressText(a) || <span className="sd-muted">no street address</span>}</td>
            <td>
              {a.erpLocationId ? (
                <span className="sd-mono-cell">{a.erpLocationId}</span>
              ) : (
                <Tag minimal intent="warning" className="sd-tag" title="First used on a web order; created in the ERP with the order">
                  not yet
                </Tag>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </HTMLTable>
  );
}

/** Contact information and address, order settings, the ERP's fields and the ship-tos, saved as pending changes. */
export function AccountInfoTab({ detail }: { detail: AccountDetail }) {
  const { account, editing } = detail;
  const loaded = useMemo(() => draftFrom(account), [account]);
  const [draft, setDraft] = useState<AccountDraft>(loaded);
  const [errors, setErrors] = useState<AccountFieldErrors>({});
  const [serverError, setServerError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);
  const editable = canEditAccount(editing);

  // The account was read again (a save, a sync, a log line): show what it is now, unless staff are typing an edit,
  // which a background refresh must not wipe.
  const base = useRef(loaded);
  useEffect(() => {
    const before = base.current;
    base.current = loaded;
    setDraft((d) => (sameDraft(d, before) ? loaded : d));
  }, [loaded]);

  const patch = toPatch(account, draft);
  const dirty = Object.keys(patch).length > 0;

  const onChange = (field: DraftField, value: string | boolean) => {
    setDraft((d) => ({ ...d, [field]: value }));
    if (errors[field]) setErrors(({ [field]: _gone, ...rest }) => rest);
  };

  async function save(e?: FormEvent) {
    e?.preventDefault();
    if (!dirty || saving || !editable) return;
    const blocking = checkAccountDraft(draft);
    setErrors(blocking);
    setServerError(null);
    if (Object.keys(blocking).length > 0) return;
    setSaving(true);
    const result = await useAccountStore.getState().update(patch);
    setSaving(false);
    if (!result.ok) {
      setErrors(accountErrorsFrom(result.error).fields);
      return setServerError(result.error);
    }
    showSuccess(editing.mode === 'allowed' ? 'Saved: the change goes to the ERP with the next order.' : 'Saved.');
  }

  const common = { idPrefix: 'account', draft, errors, editing, readOnly: !editable || saving, onChange };
  const other = serverError ? accountErrorsFrom(serverError).other : [];

  return (
    <form className="sd-account-info" onSubmit={(e) => void save(e)} noValidate data-testid="account-info" data-editable={String(editable)}>
      {editable && editing.mode === 'allowed' && (
        <div className="sd-muted sd-account-mode" data-testid="account-editing-message">
          {editing.message}
        </div>
      )}
      <div className="sd-section-label sd-first-label">Contact information and address</div>
      <ContactAddressFields {...common} />
      <div className="sd-section-label">Order settings</div>
      <OrderSettingsFields {...common} />
      <div className="sd-section-label">Payment terms · Representative code · Price level</div>
      <ErpFields {...common} />
      {editable && (
        <div className="sd-form-footer sd-account-save">
          {serverError && (
            <Callout intent={serverError.code === 'forbidden' ? 'warning' : 'danger'} compact className="sd-compact-callout" data-testid="account-save-error" data-code={serverError.code}>
              <strong>Not saved</strong>{' '}
              <ErrorBody error={serverError} other={other} labels={FIELD_LABELS} />
            </Callout>
          )}
          <Button text="Discard" size="small" disabled={!dirty || saving} onClick={() => (setDraft(loaded), setErrors({}), setServerError(null))} />
          <RoleButton action="accounts:update" data-testid="account-save" type="submit" intent="primary" size="small" icon="floppy-disk" text="Save" disabled={!dirty} loading={saving} />
        </div>
      )}
      <div className="sd-section-label">Addresses (ship-tos)</div>
      <ShipTos detail={detail} />
    </form>
  );
}
