import { FormGroup, InputGroup, Intent } from '@blueprintjs/core';
import { ADDRESS_KEYS, ADDRESS_LABEL as LABEL, type AddressDraft, type AddressKey } from './case-draft';


const MAX: Partial<Record<AddressKey, number>> = { name: 200, street: 200, number: 40, postalCode: 20, city: 100, country: 100, siteCode: 40, centralAssetId: 40 };

interface AddressFieldsProps {
  value: AddressDraft;
  errors: Record<string, string>;
  onChange(value: AddressDraft): void;
}

export function AddressFields({ value, errors, onChange }: AddressFieldsProps) {
  return (
    <div className="sd-address-grid">
      {ADDRESS_KEYS.map((k) => {
        const error = errors[`address.${k}`];
        const numeric = k === 'x' || k === 'y';
        return (
          <FormGroup key={k} className="sd-field" label={LABEL[k]} labelFor={`case-address-${k}`} intent={error ? Intent.DANGER : Intent.NONE} helperText={error}>
            <InputGroup
              id={`case-address-${k}`}
              data-testid={`case-address-${k}`}
              size="small"
              inputMode={numeric ? 'decimal' : undefined}
              maxLength={MAX[k]}
              intent={error ? Intent.DANGER : Intent.NONE}
              value={value[k]}
              onChange={(e) => onChange({ ...value, [k]: e.currentTarget.value })}
            />
          </FormGroup>
        );
      })}
    </div>
  );
}
