import { Intent, OverlayToaster, Position, type Toaster, type ToastProps } from '@blueprintjs/core';
import { createElement, Fragment } from 'react';
import type { AppError } from '../../../src-preload/contract';
import { ErrorDetails, issueText } from './field-issues';
import { MAX_TOASTS, TOAST_POLICY, type ToastKind } from './toast-policy';

let toaster: Promise<Toaster> | null = null;

function getToaster(): Promise<Toaster> {
  toaster ??= OverlayToaster.create({ position: Position.BOTTOM_RIGHT, maxToasts: MAX_TOASTS, className: 'sd-toaster' });
  return toaster;
}

function show(kind: ToastKind, props: Omit<ToastProps, 'timeout'>): void {
  const { key, timeoutMs } = TOAST_POLICY[kind];
  void getToaster().then((t) => t.show({ ...props, timeout: timeoutMs }, key));
}

export function showError(what: string, error: AppError): void {
  const issues = error.issues?.length ? ` ${error.issues.map((i) => issueText(i)).join(' ')}` : '';
  show('error', {
    intent: Intent.DANGER,
    icon: 'error',
    className: 'sd-toast-error',
    message: createElement(Fragment, null, `${what} failed: ${error.message}${issues}`, createElement(ErrorDetails, { detail: error.detail })),
  });
}

export function showSuccess(message: string): void {
  show('success', { intent: Intent.SUCCESS, icon: 'tick-circle', message });
}

export function showInfo(message: string): void {
  show('info', { icon: 'info-sign', message });
}
