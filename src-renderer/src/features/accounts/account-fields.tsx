import { Checkbox, FormGroup, InputGroup, Intent } from '@blueprintjs/core';
import type { AccountEditingView } from '../../../../src-preload/contract';
import { FIELD_LABELS, isRequired, type AccountDraft, type AccountFieldErrors, type DraftField } from './account-draft';
import { erpOwnedNote, isErpOwned } from './account-format';

// The account's fields as form groups, shared by + Add Account and the account page. Required fields carry an
// asterisk; the ERP's own fields say where they are changed; a refused field shows the contract's message beside it.

interface FieldsProps {
  idPrefix: string;
  draft: AccountDraft;
  errors: AccountFieldErrors;
  editing: AccountEditingView | null;
  readOnly: boolean;
  onChange(field: DraftField, value: string | boolean): void;
}

/** ERP-owned fields use the contract's names; the draft's differ only for the minimum order. */
const contractName = (field: DraftField) => (field === 'minOrder' ? 'minOrderCents' : field);

function TextField({ field, props, type = 'text', placeholder, wide }: { field: DraftField; props: FieldsProps; type?: string; placeholder?: string; wide?: boolean }) {
  const { idPrefix, draft, errors, editing, readOnly, onChange } = props;
  const error = errors[field];
  const id = `${idPrefix}-${field}`;
  const erp = editing != null && isErpOwned(editing, contractName(field));
  const required = isRequired(field);
  const value = draft[field];
  return (
    <FormGroup
      className={`sd-field sd-account-field${wide ? ' sd-account-field-wide' : ''}`}
      label={
        <span>
          {FIELD_LABELS[field]}
          {required && (
            <span className="sd-asterisk" aria-label="required" title="Required">
              {' '}
              *
            </span>
          )}
        </span>
      }
      labelFor={id}
      intent={error ? Intent.DANGER : Intent.NONE}
      helperText={
        error ? (
          <span data-testid={`${idPrefix}-error-${field}`}>{error}</span>
        ) : erp && editing ? (
          <span className="sd-erp-note" data-testid={`${idPrefix}-erp-${field}`}>
            {erpOwnedNote(editing)}
          </span>
        ) : undefined
      }
    >
      <InputGroup
        id={id}
        data-testid={id}
        size="small"
        type={type}
        spellCheck={false}
        placeholder={placeholder}
        readOnly={readOnly}
        disabled={readOnly}
        aria-required={required}
        aria-invalid={Boolean(error)}
        intent={error ? Intent.DANGER : Intent.NONE}
        value={typeof value === 'string' ? value : ''}
        onChange={(e) => onChange(field, e.currentTarget.value)}
      />
    </FormGroup>
  );
}

export function ContactAddressFields(props: FieldsProps) {
  return (
    <div className="sd-account-grid" data-testid={`${props.idPrefix}-contact-fields`}>
      <TextField field="name" props={props} wide />
      <TextField field="email" props={props} type="email" />
      <TextField field="phone" props={props} type="tel" />
      <TextField field="addressLine1" props={props} wide />
      <TextField field="addressLine2" props={props} />
      <TextField field="city" props={props} />
      <TextField field="state" props={props} />
      <TextField field="postalCode" props={props} />
      <TextField field="country" props={props} placeholder="US" />
    </div>
  );
}

export function OrderSettingsFields(props: FieldsProps) {
  const { idPrefix, draft, readOnly, onChange } = props;
  return (
    <div className="sd-account-grid">
      <TextField field="shipVia" props={props} />
      <TextField field="minOrder" props={props} placeholder="0.00" />
      <FormGroup className="sd-field sd-account-field" label="Purchase order">
        <Checkbox
          data-testid={`${idPrefix}-poRequired`}
          label="PO number required on orders"
          checked={draft.poRequired}
          disabled={readOnly}
          onChange={(e) => onChange('poRequired', e.currentTarget.checked)}
        />
      </FormGroup>
    </div>
  );
}

/** Payment terms, representative code and price level: imported from the ERP, so each says where it is changed. */
export function ErpFields(props: FieldsProps) {
  return (
    <div className="sd-account-grid">
      <TextField field="paymentTerms" props={props} />
      <TextField field="repCode" props={props} />
      <TextField field="priceLevel" props={props} />
    </div>
  );
}
