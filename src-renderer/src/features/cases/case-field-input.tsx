import { FormGroup, HTMLSelect, InputGroup, Intent, TextArea } from '@blueprintjs/core';
import type { CaseFieldDef } from '../../../../src-preload/contract';

interface CaseFieldInputProps {
  field: CaseFieldDef;
  value: string;
  error?: string;
  onChange(value: string): void;
}

/** One staff-defined case field, drawn by its kind. */
export function CaseFieldInput({ field, value, error, onChange }: CaseFieldInputProps) {
  const id = `case-field-${field.key}`;
  const intent = error ? Intent.DANGER : Intent.NONE;
  let control;
  switch (field.kind) {
    case 'long_text':
      control = <TextArea id={id} data-testid={id} fill rows={3} maxLength={10_000} intent={intent} value={value} onChange={(e) => onChange(e.currentTarget.value)} />;
      break;
    case 'choice':
      control = (
        <HTMLSelect id={id} data-testid={id} fill value={value} onChange={(e) => onChange(e.currentTarget.value)}>
          <option value="">—</option>
          {value && !field.options.includes(value) && <option value={value}>{value}</option>}
          {field.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </HTMLSelect>
      );
      break;
    default:
      control = (
        <InputGroup
          id={id}
          data-testid={id}
          size="small"
          intent={intent}
          type={field.kind === 'number' ? 'number' : field.kind === 'date' ? 'date' : 'text'}
          maxLength={field.kind === 'text' ? 10_000 : undefined}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
  }
  return (
    <FormGroup
      className={`sd-field${field.kind === 'long_text' ? ' sd-span-2' : ''}`}
      label={field.label}
      labelFor={id}
      labelInfo={field.required ? '' : '(optional)'}
      intent={intent}
      helperText={error}
    >
      {control}
    </FormGroup>
  );
}
