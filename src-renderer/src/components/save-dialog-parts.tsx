import { Button, Callout, DialogFooter } from '@blueprintjs/core';
import type { ReactNode } from 'react';
import type { AppError, ChannelName } from '../../../src-preload/contract';
import { RoleButton } from './role-gate';
import { ErrorDetails } from './field-issues';

/** Cancel and Save (Create for a new record), as every edit dialog ends; `note` sits left of the buttons. */
export function SaveDialogFooter(props: { saving: boolean; creating: boolean; saveTestId: string; action: ChannelName; onClose: () => void; note?: ReactNode }) {
  return (
    <DialogFooter
      minimal
      actions={
        <>
          {props.note}
          <Button text="Cancel" size="small" disabled={props.saving} onClick={props.onClose} />
          <RoleButton action={props.action} data-testid={props.saveTestId} type="submit" intent="primary" size="small" icon="floppy-disk" text={props.creating ? 'Create' : 'Save'} loading={props.saving} />
        </>
      }
    />
  );
}

/** Why a dialog's save was refused; a conflict gets its own title (the name or key is taken). */
export function SaveErrorCallout(props: { error: AppError; conflictTitle?: string; testId?: string; children?: ReactNode }) {
  const title = props.conflictTitle && props.error.code === 'conflict' ? props.conflictTitle : 'Not saved';
  return (
    <Callout intent="danger" compact className="sd-compact-callout" data-testid={props.testId} title={title}>
      {props.error.message}
      {props.children}
      <ErrorDetails detail={props.error.detail} />
    </Callout>
  );
}
