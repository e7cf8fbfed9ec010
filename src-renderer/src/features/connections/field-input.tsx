import { Button, FormGroup, HTMLSelect, InputGroup, Intent, Tag } from '@blueprintjs/core';
import { useState, type ReactNode } from 'react';
import type { FieldSpec } from '../../../../src-preload/contract';
import { CheckControl } from '../../components/check-control';
import type { FieldOption } from '../../connectors/registry';
import type { DraftValue } from './connection-draft';
import { helpWithLimit } from '../../components/field-limit';

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
    case 'select': {
      const choices = options ?? field.options ?? [];
      control =
        choices.length > SEARCH_FROM ? (
          <SearchableSelect id={inputId} testId={testId} value={text} choices={choices} required={field.required} disabled={disabled} onChange={onChange} />
        ) : (
          <HTMLSelect id={inputId} data-testid={testId} value={text} disabled={disabled} fill onChange={(e) => onChange(e.currentTarget.value)}>
            {!field.required && <option value="">—</option>}
            {choices.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </HTMLSelect>
        );
      break;
    }
    default:
      control = (
        <InputGroup
          id={inputId}
          data-testid={testId}
          size="small"
          intent={intent}
          disabled={disabled}
          type={field.kind === 'number' ? 'number' : field.kind === 'url' ? 'url' : 'text'}
          maxLength={field.maxLength}
          min={field.min}
          max={field.max}
          required={field.required}
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
      helperText={errors?.length ? errors.join(' ') : field.kind === 'text' || field.kind === 'url' ? helpWithLimit(field.help, field.maxLength, text.length) : field.help}
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

/** Past this many choices a select gets a search box (a list of ~400 time zones cannot be scrolled through). */
const SEARCH_FROM = 25;

/** Words typed in any order, each matching part of the label or value ("lon eur" finds Europe/London). */
export function matchChoices(choices: readonly FieldOption[], query: string): FieldOption[] {
  const words = query.toLowerCase().split(/[\s/_,]+/).filter(Boolean);
  if (!words.length) return [...choices];
  return choices.filter((o) => {
    const hay = `${o.label} ${o.value}`.toLowerCase().replace(/_/g, ' ');
    return words.every((w) => hay.includes(w));
  });
}

function SearchableSelect(props: {
  id: string;
  testId: string;
  value: string;
  choices: readonly FieldOption[];
  required: boolean;
  disabled?: boolean;
  onChange(value: string): void;
}) {
  const [query, setQuery] = useState('');
  const found = matchChoices(props.choices, query);
  const current = props.choices.find((o) => o.value === props.value);
  // The chosen value stays listed while a search hides it, so the select never shows another choice than the saved one.
  const shown = current && !found.includes(current) ? [current, ...found] : found;
  return (
    <div className="sd-searchable-select">
      <InputGroup
        size="small"
        leftIcon="search"
        placeholder={`Search ${props.choices.length} choices`}
        aria-label="Search the choices"
        data-testid={`${props.testId}-search`}
        value={query}
        disabled={props.disabled}
        onChange={(e) => setQuery(e.currentTarget.value)}
      />
      <HTMLSelect id={props.id} data-testid={props.testId} value={props.value} disabled={props.disabled} fill onChange={(e) => props.onChange(e.currentTarget.value)}>
        {!props.required && <option value="">—</option>}
        {shown.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </HTMLSelect>
      <span className="sd-muted" data-testid={`${props.testId}-count`}>
        {query ? `${found.length} of ${props.choices.length} match` : `${props.choices.length} choices`}
      </span>
    </div>
  );
}

interface SecretInputProps {
  connectorId: string;
  field: FieldSpec;
  stored: 'set' | 'not set';
  /** False when the keychain cannot be read now: a stored secret is then there but out of reach. */
  keychainReachable?: boolean;
  typed: string;
  clearing: boolean;
  onType(value: string): void;
  onClear(clear: boolean): void;
  errors?: string[];
  disabled?: boolean;
}

/** Write-only: the stored value never comes back, so the box starts empty and only a typed value is sent. */
export function SecretInput({ connectorId, field, stored, keychainReachable = true, typed, clearing, onType, onClear, errors, disabled }: SecretInputProps) {
  const unreachable = stored === 'set' && !keychainReachable;
  const inputId = `${connectorId}-${field.key}`;
  const intent = errors?.length ? Intent.DANGER : Intent.NONE;
  // The tag says what the box holds: dots typed over "not set" would read as a secret that is and is not there.
  const status = clearing ? (
    <Tag minimal intent="warning" className="sd-tag">
      cleared on save
    </Tag>
  ) : typed ? (
    <Tag minimal intent="primary" className="sd-tag" data-testid={`secret-${connectorId}-${field.key}`}>
      {stored === 'set' ? 'replaced on save' : 'stored on save'}
    </Tag>
  ) : (
    <Tag minimal intent={unreachable ? 'warning' : stored === 'set' ? 'success' : 'none'} className="sd-tag" data-testid={`secret-${connectorId}-${field.key}`}>
      {unreachable ? 'not reachable' : stored}
    </Tag>
  );
  // The whole sentence sits under the box: inside it, beside the placeholder, it would leave no room to type.
  const where = unreachable ? (
    <span className="sd-warning-text" data-testid={`secret-${connectorId}-${field.key}-where`}>
      In the keychain, which is not reachable now.{' '}
    </span>
  ) : null;
  return (
    <FormGroup
      className="sd-field"
      label={field.label}
      labelFor={inputId}
      labelInfo={field.required ? '' : '(optional)'}
      intent={intent}
      helperText={
        errors?.length ? (
          errors.join(' ')
        ) : (
          <>
            {where}
            {field.help}
          </>
        )
      }
    >
      <div className="sd-secret">
        <InputGroup
          id={inputId}
          data-testid={`field-${connectorId}-${field.key}`}
          size="small"
          type="password"
          autoComplete="new-password"
          maxLength={field.maxLength}
          intent={intent}
          disabled={disabled || clearing}
          // Short enough to read whole in a narrow box: where the secret is, and why it is out of reach, is said under it.
          placeholder={unreachable ? 'Type to replace' : stored === 'set' ? 'Stored in the keychain — type to replace' : 'Not set'}
          title={unreachable ? 'In the keychain, which is not reachable now: type a new one to replace it' : undefined}
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
