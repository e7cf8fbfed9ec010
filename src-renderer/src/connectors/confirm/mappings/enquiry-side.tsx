import { HTMLSelect, InputGroup } from '@blueprintjs/core';
import type { EnquiryTarget } from '../../../../../src-preload/contract';
import type { CodeOption } from './code-options';
import { CodeDatalist } from './code-input';

export interface EnquiryFieldOption {
  name: string;
  label: string;
  customer?: boolean;
}

interface EnquirySideProps {
  uid: number;
  value: EnquiryTarget;
  fields: readonly EnquiryFieldOption[];
  attributeOptions: readonly CodeOption[];
  onChange(value: EnquiryTarget): void;
}

/** An Enquiry field by name, or an Enquiry Attribute whose type code is typed (static or a {{case.key}} placeholder). */
export function EnquirySide({ uid, value, fields, attributeOptions, onChange }: EnquirySideProps) {
  const known = value.kind === 'field' && (value.name === '' || fields.some((f) => f.name === value.name));
  const plain = fields.filter((f) => !f.customer);
  const customer = fields.filter((f) => f.customer);
  const listId = `row-${uid}-attribute-codes`;
  return (
    <div className="sd-row-side">
      <HTMLSelect
        data-testid="row-target-kind"
        aria-label="Enquiry field or attribute"
        value={value.kind}
        onChange={(e) => onChange(e.currentTarget.value === 'attribute' ? { kind: 'attribute', typeCode: '' } : { kind: 'field', name: '' })}
      >
        <option value="field">Enquiry field</option>
        <option value="attribute">Enquiry Attribute</option>
      </HTMLSelect>
      {value.kind === 'field' ? (
        <HTMLSelect data-testid="row-target-field" aria-label="Enquiry field" value={value.name} fill onChange={(e) => onChange({ kind: 'field', name: e.currentTarget.value })}>
          <option value="">Choose a field…</option>
          {!known && <option value={value.name}>{value.name} (not in the catalogue)</option>}
          {plain.map((f) => (
            <option key={f.name} value={f.name}>
              {f.label}
            </option>
          ))}
          {customer.length > 0 && (
            <optgroup label="Customer">
              {customer.map((f) => (
                <option key={f.name} value={f.name}>
                  {f.label}
                </option>
              ))}
            </optgroup>
          )}
        </HTMLSelect>
      ) : (
        <>
          <InputGroup
            data-testid="row-attribute-code"
            aria-label="Enquiry Attribute type code"
            size="small"
            fill
            spellCheck={false}
            placeholder="Attribute type code, or {{case.field_key}}"
            maxLength={200}
            list={listId}
            value={value.typeCode}
            onChange={(e) => onChange({ kind: 'attribute', typeCode: e.currentTarget.value })}
          />
          <CodeDatalist id={listId} options={attributeOptions} />
        </>
      )}
    </div>
  );
}
