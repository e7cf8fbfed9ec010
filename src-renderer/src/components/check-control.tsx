import { Classes } from '@blueprintjs/core';
import type { ReactNode } from 'react';

interface CheckControlProps {
  checked: boolean;
  onChange(checked: boolean): void;
  label?: ReactNode;
  kind?: 'checkbox' | 'switch';
  disabled?: boolean;
  inline?: boolean;
  testId?: string;
  className?: string;
  /** The channel a change calls (data-action on the input), where the control is role-gated. */
  action?: string;
}

/**
 * Blueprint's checkbox/switch markup, with the test id on the <label> rather than the hidden <input>:
 * clicking the label toggles the input, and browser automation follows a label to its control.
 */
export function CheckControl({ checked, onChange, label, kind = 'checkbox', disabled, inline, testId, className, action }: CheckControlProps) {
  const classes = [
    Classes.CONTROL,
    kind === 'switch' ? Classes.SWITCH : Classes.CHECKBOX,
    inline ? Classes.INLINE : '',
    disabled ? Classes.DISABLED : '',
    className ?? '',
  ].join(' ');
  return (
    <label className={classes} data-testid={testId}>
      <input className={Classes.CONTROL_INPUT} type="checkbox" checked={checked} disabled={disabled} data-action={action} onChange={(e) => onChange(e.currentTarget.checked)} />
      <span className={Classes.CONTROL_INDICATOR} />
      {label}
    </label>
  );
}
