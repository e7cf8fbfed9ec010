import { Button, type ButtonProps } from '@blueprintjs/core';
import type { ReactNode } from 'react';
import type { ChannelName } from '../../../src-preload/contract';
import { useCan, type Permission } from '../api/staff-store';

// On a team server an action the signed-in role may not take stays in view, disabled, its tooltip naming the role
// that can (the server refuses it anyway). Each such control says which channel it calls in `data-action`: the
// end-to-end walk reads it against the contract's CHANNEL_ROLES, so nothing here keeps a list of its own.

/**
 * Wraps a control the role may not use in a span carrying the tooltip: a disabled control gets no pointer events,
 * so its own title would never show.
 */
export function RoleTip({ can, children, block }: { can: Permission; children: ReactNode; block?: boolean }) {
  if (can.allowed) return <>{children}</>;
  return (
    <span className={block ? 'sd-role-tip is-block' : 'sd-role-tip'} title={can.reason} data-role-refused="">
      {children}
    </span>
  );
}

export type RoleButtonProps = ButtonProps & { action: ChannelName; 'data-testid'?: string; title?: string };

/** A Button for an action that calls `action`: disabled, with the reason on hover, for a role below that channel's. */
export function RoleButton({ action, disabled, title, ...props }: RoleButtonProps) {
  const can = useCan(action);
  return (
    <RoleTip can={can} block={props.fill}>
      <Button {...props} title={can.allowed ? title : undefined} disabled={Boolean(disabled) || !can.allowed} data-action={action} />
    </RoleTip>
  );
}

/**
 * Any other control (a select, a switch, a text field that saves): render it with `allowed` for its disabled state
 * and `action` for its data-action attribute.
 */
export function RoleControl({ action, children }: { action: ChannelName; children: (can: { allowed: boolean; action: ChannelName }) => ReactNode }) {
  const can = useCan(action);
  return <RoleTip can={can}>{children({ allowed: can.allowed, action })}</RoleTip>;
}
