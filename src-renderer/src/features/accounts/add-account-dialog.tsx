import { ErrorBody } from '../../components/field-issues';
import { Button, Callout, Dialog, DialogBody, DialogFooter } from '@blueprintjs/core';
import { useEffect, useState, type FormEvent } from 'react';
import type { AccountEditingView, AppError } from '../../../../src-preload/contract';
import { settle } from '../../api/call';
import { api } from '../../api/client';
import { navigate } from '../../app/router';
import { ContactAddressFields, ErpFields, OrderSettingsFields } from './account-fields';
import { accountErrorsFrom, FIELD_LABELS, checkAccountDraft, EMPTY_ACCOUNT_DRAFT, toNewAccountInput, type AccountDraft, type AccountFieldErrors, type DraftField } from './account-draft';
import { useAccountStore } from './accounts-store';
import { RoleButton } from '../../components/role-gate';

const FIELD_ORDER: readonly DraftField[] = ['name', 'email', 'phone', 'addressLine1', 'addressLine2', 'city', 'state', 'postalCode', 'country', 'shipVia', 'minOrder', 'paymentTerms', 'repCode', 'priceLevel'];

function focusFirst(errors: AccountFieldErrors) {
  const first = FIELD_ORDER.find((f) => errors[f]);
  if (first) requestAnimationFrame(() => document.getElementById(`new-account-${first}`)?.focus());
}

/** + Add Account: the account is created here and reaches the ERP with its first order. */
export function AddAccountDialog({ isOpen, onClose }: { isOpen: boolean; onClose(): void }) {
  const [draft, setDraft] = useState<AccountDraft>(EMPTY_ACCOUNT_DRAFT);
  const [errors, setErrors] = useState<AccountFieldErrors>({});
  const [serverError, setServerError] = useState<AppError | null>(null);
  const [editing, setEditing] = useState<AccountEditingView | null>(null);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    if (!isOpen) return;
    setDraft(EMPTY_ACCOUNT_DRAFT);
    setErrors({});
    setServerError(null);
    let live = true;
    void settle(api().accountsEditing({})).then((r) => live && r.ok && setEditing(r.data));
    return () => {
      live = false;
    };
  }, [isOpen]);

  const onChange = (field: DraftField, value: string | boolean) => {
    setDraft((d) => ({ ...d, [field]: value }));
    if (errors[field]) setErrors(({ [field]: _gone, ...rest }) => rest);
  };

  async function submit(e?: FormEvent) {
    e?.preventDefault();
    if (submitting) return;
    const blocking = checkAccountDraft(draft);
    setErrors(blocking);
    setServerError(null);
    if (Object.keys(blocking).length > 0) return focusFirst(blocking);
    setSubmitting(true);
    const result = await useAccountStore.getState().create(toNewAccountInput(draft));
    setSubmitting(false);
    if (!result.ok) {
      const fields = accountErrorsFrom(result.error).fields;
      setErrors(fields);
      setServerError(result.error);
      return focusFirst(fields);
    }
    onClose();
    navigate({ name: 'accounts', accountId: result.data.account.id });
  }

  const blocking = Object.keys(errors).length;
  const other = serverError ? accountErrorsFrom(serverError).other : [];
  const common = { idPrefix: 'new-account', draft, errors, editing, readOnly: false, onChange };

  return (
    <Dialog isOpen={isOpen} onClose={onClose} title="Add account" icon="office" className="sd-dialog sd-dialog-wide sd-account-dialog" canOutsideClickClose={!submitting}>
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="add-account-form">
        <DialogBody>
          <p className="sd-muted sd-account-dialog-note">
            Fields marked <span className="sd-asterisk">*</span> are required. The account is created in the ERP with its first order; contacts can be added once the ERP
            has it.
          </p>
          <div className="sd-section-label sd-first-label">Contact information and address</div>
          <ContactAddressFields {...common} />
          <div className="sd-section-label">Order settings</div>
          <OrderSettingsFields {...common} />
          <div className="sd-section-label">Payment terms, representative code, price level</div>
          <ErpFields {...common} />
          {serverError && (
            <Callout intent={serverError.code === 'conflict' ? 'warning' : 'danger'} compact className="sd-compact-callout" data-testid="add-account-error" data-code={serverError.code}>
              <strong>Not added</strong>{' '}
              <ErrorBody error={serverError} other={other} labels={FIELD_LABELS} />
            </Callout>
          )}
        </DialogBody>
        <DialogFooter
          minimal
          actions={
            <>
              {blocking > 0 && !serverError && (
                <span className="sd-danger-text" data-testid="add-account-blocked">
                  Fill in the marked field{blocking === 1 ? '' : 's'} to add the account.
                </span>
              )}
              <Button text="Cancel" size="small" disabled={submitting} onClick={onClose} />
              <RoleButton action="accounts:create" data-testid="add-account-submit" type="submit" intent="primary" size="small" icon="add" text="Add account" loading={submitting} />
            </>
          }
        />
      </form>
    </Dialog>
  );
}
