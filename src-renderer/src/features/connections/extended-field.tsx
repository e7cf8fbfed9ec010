import { Button } from '@blueprintjs/core';
import type { ReactNode } from 'react';
import type { ConnectionView, FieldSpec } from '../../../../src-preload/contract';
import type { FieldExtension } from '../../connectors/registry';
import type { DraftValue } from './connection-draft';
import { optionsMessage, selectOptions } from './field-options';
import { FieldInput } from './field-input';
import { useFieldOptions } from './use-field-options';

interface ExtendedFieldProps {
  view: ConnectionView;
  field: FieldSpec;
  extension: FieldExtension;
  value: DraftValue | undefined;
  onChange(value: DraftValue): void;
  errors?: string[];
  disabled?: boolean;
}

/** A field a connector adds to (FieldExtension): live choices for a select with a Reload button, and its note. */
export function ExtendedField({ view, field, extension, value, onChange, errors, disabled }: ExtendedFieldProps) {
  const live = field.kind === 'select' && extension.loadOptions != null;
  const note = extension.Note ? <extension.Note view={view} value={value} /> : null;
  if (!live) return <FieldInput connectorId={view.connectorId} field={field} value={value} onChange={onChange} errors={errors} disabled={disabled} extra={note} />;
  return <LiveSelect {...{ view, field, extension, value, onChange, errors, disabled }} note={note} />;
}

function LiveSelect({ view, field, extension, value, onChange, errors, disabled, note }: ExtendedFieldProps & { note: ReactNode }) {
  const { state, reload } = useFieldOptions(view, extension);
  const current = typeof value === 'string' ? value : '';
  const message = optionsMessage(state);
  const testId = `field-options-${view.connectorId}-${field.key}`;
  return (
    <FieldInput
      connectorId={view.connectorId}
      field={field}
      value={value}
      onChange={onChange}
      errors={errors}
      disabled={disabled || state.status === 'unavailable'}
      options={selectOptions(field.options, state, current)}
      action={
        <Button
          data-testid={`reload-${view.connectorId}-${field.key}`}
          size="small"
          variant="minimal"
          icon="refresh"
          text="Reload"
          title="Read the choices again from the saved connection"
          loading={state.status === 'loading'}
          onClick={reload}
        />
      }
      extra={
        <>
          {message && (
            <div className={`sd-field-note${message.intent === 'none' ? ' sd-muted' : ''}`} data-testid={testId} data-status={state.status}>
              <span className={message.intent === 'danger' ? 'sd-danger-text' : message.intent === 'warning' ? 'sd-warning-text' : undefined}>
                {message.text}
              </span>
            </div>
          )}
          {!message && <span hidden data-testid={testId} data-status={state.status} />}
          {note}
        </>
      }
    />
  );
}
