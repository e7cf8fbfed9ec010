import { Intent, OverlayToaster, Position, type Toaster, type ToastProps } from '@blueprintjs/core';
import { createElement, Fragment } from 'react';
import type { AppError } from '../../../src-preload/contract';
import { ErrorDetails, issueText } from './field-issues';
import { MAX_TOASTS, TOAST_NAVIGATION_GRACE_MS, TOAST_POLICY, type ToastKind } from './toast-policy';

let toaster: Promise<Toaster> | null = null;
// When each kind's toast was last shown: a toast belongs to the screen it was shown on.
const shownAt = new Map<string, number>();

function getToaster(): Promise<Toaster> {
  toaster ??= OverlayToaster.create({ position: Position.BOTTOM_RIGHT, maxToasts: MAX_TOASTS, className: 'sd-toaster' });
  return toaster;
}

function show(kind: ToastKind, props: Omit<ToastProps, 'timeout'>, timeout = TOAST_POLICY[kind].timeoutMs): void {
  const key = TOAST_POLICY[kind].key;
  shownAt.set(key, Date.now());
  void getToaster().then((t) => t.show({ ...props, timeout, onDismiss: () => shownAt.delete(key) }, key));
}

/**
 * Takes away the toasts of the screen staff just left: a "settings saved" from the last page must not sit on the next
 * one. A toast shown in the moment of the move (an action that says what it did, then opens what it made) stays.
 */
export function dismissToastsOfLastScreen(now = Date.now()): void {
  const stale = [...shownAt].filter(([, at]) => now - at > TOAST_NAVIGATION_GRACE_MS).map(([key]) => key);
  if (!stale.length || !toaster) return;
  for (const key of stale) shownAt.delete(key);
  void toaster.then((t) => {
    for (const key of stale) t.dismiss(key);
  });
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

export function showSuccess(message: string, action?: { text: string; onClick(): void }): void {
  // A toast with something to do stays as long as an error's, so there is time to reach its button.
  show('success', { intent: Intent.SUCCESS, icon: 'tick-circle', message, action }, action ? TOAST_POLICY.error.timeoutMs : undefined);
}

export function showInfo(message: string): void {
  show('info', { icon: 'info-sign', message });
}

/**
 * Takes back a success toast still showing (an earlier "settings saved") when the screen now says the opposite
 * ("Not saved"): the two must never stand together.
 */
export function withdrawSuccess(): void {
  void getToaster().then((t) => t.dismiss(TOAST_POLICY.success.key));
}
