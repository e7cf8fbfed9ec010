import { Button, FormGroup, HTMLSelect, InputGroup, Intent, Tag } from '@blueprintjs/core';
import type { ReactNode } from 'react';
import type { FieldSpec } from '../../../../src-preload/contract';
import { CheckControl } from '../../components/check-control';
import type { FieldOption } from '../../connectors/registry';
import type { DraftValue } from './connection-draft';

interface FieldInputProps {
  connectorId: string;
  field: FieldSpec;
  value: DraftValue | undefined;
  onChange(value: DraftValue): void;
  errors?: string[];
  disabled?: boolean;
  /** A select's choices when they do not come from its spec (a connector reads them live). */
  options?: readonly FieldOption[];
  /** Beside the control, e.g. a Reload button for live choices. */
  action?: ReactNode;
  /** Under the control, e.g. a connector's advice. */
  extra?: ReactNode;
}

export function FieldInput({ connectorId, field, value, onChange, errors, disabled, options, action, extra }: FieldInputProps) {
  const testId = `field-${connectorId}-${field.key}`;
  const inputId = `${connectorId}-${field.key}`;
  const intent = errors?.length ? Intent.DANGER : Intent.NONE;
  const text = typeof value === 'string' ? value : '';

  let control;
  switch (field.kind) {
    case 'boolean':
      control = <CheckControl kind="switch" testId={testId} checked={value === true} onChange={onChange} label={field.label} disabled={disabled} />;
      break;
    case 'select':
      control = (
        <HTMLSelect id={inputId} data-testid={testId} value={text} disabled={disabled} fill onChange={(e) => onChange(e.currentTarget.value)}>
          {!field.required && <option value="">—</option>}
          {(options ?? field.options)?.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </HTMLSelect>
      );
      break;
    default:
      control = (
        <InputGroup
          id={inputId}
          data-testid={testId}
          size="small"
          intent={intent}
          disabled={disabled}
          type={field.kind === 'number' ? 'number' : field.kind === 'url' ? 'url' : 'text'}
          spellCheck={false}
          value={text}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
  }

  return (
    <FormGroup
      className="sd-field"
      label={field.kind === 'boolean' ? undefined : field.label}
      labelFor={inputId}
      labelInfo={field.required ? '' : '(optional)'}
      intent={intent}
      helperText={errors?.length ? errors.join(' ') : field.help}
    >
      {action ? (
        <div className="sd-secret">
          {control}
          {action}
        </div>
      ) : (
        control
      )}
      {extra}
    </FormGroup>
  );
}

interface SecretInputProps {
  connectorId: string;
  field: FieldSpec;
  stored: 'set' | 'not set';
  typed: string;
  clearing: boolean;
  onType(value: string): void;
  onClear(clear: boolean): void;
  errors?: string[];
  disabled?: boolean;
}

/** Write-only: the stored value never comes back, so the box starts empty and only a typed value is sent. */
export function SecretInput({ connectorId, field, stored, typed, clearing, onType, onClear, errors, disabled }: SecretInputProps) {
  const inputId = `${connectorId}-${field.key}`;
  const intent = errors?.length ? Intent.DANGER : Intent.NONE;
  const status = clearing ? (
    <Tag minimal intent="warning" className="sd-tag">
      cleared on save
    </Tag>
  ) : (
    <Tag minimal intent={stored === 'set' ? 'success' : 'none'} className="sd-tag" data-testid={`secret-${connectorId}-${field.key}`}>
      {stored}
    </Tag>
  );
  return (
    <FormGroup
      className="sd-field"
      label={field.label}
      labelFor={inputId}
      labelInfo={field.required ? '' : '(optional)'}
      intent={intent}
      helperText={errors?.length ? errors.join(' ') : field.help}
    >
      <div className="sd-secret">
        <InputGroup
          id={inputId}
          data-testid={`field-${connectorId}-${field.key}`}
          size="small"
          type="password"
          autoComplete="new-password"
          intent={intent}
          disabled={disabled || clearing}
          placeholder={stored === 'set' ? 'Stored in the keychain — type to replace' : 'Not set'}
          value={typed}
          rightElement={status}
          onChange={(e) => onType(e.currentTarget.value)}
        />
        {stored === 'set' && (
          <Button
            size="small"
            variant="minimal"
            data-testid={`clear-${connectorId}-${field.key}`}
            text={clearing ? 'Undo' : 'Clear'}
            disabled={disabled}
            onClick={() => onClear(!clearing)}
          />
        )}
      </div>
    </FormGroup>
  );
}
