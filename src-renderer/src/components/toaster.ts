import { Intent, OverlayToaster, Position, type Toaster, type ToastProps } from '@blueprintjs/core';
import { createElement, Fragment } from 'react';
import type { AppError } from '../../../src-preload/contract';
import { ErrorDetails, issueText } from './field-issues';
import { MAX_TOASTS, TOAST_POLICY, type ToastKind } from './toast-policy';

let toaster: Promise<Toaster> | null = null;
// The screen staff are on, and the screen each kind's toast showing was shown on.
let screen = '';
const shownOn = new Map<string, string>();

function getToaster(): Promise<Toaster> {
  toaster ??= OverlayToaster.create({ position: Position.BOTTOM_RIGHT, maxToasts: MAX_TOASTS, className: 'sd-toaster' });
  return toaster;
}

/** Where an action starts: a toast saying how it ended is shown only while staff are still there. */
export function currentScreen(): string {
  return screen;
}

/** What a toast is told besides its words: the screen its action started on, when the answer may come later. */
export interface ToastOptions {
  startedOn?: string;
}

function show(kind: ToastKind, props: Omit<ToastProps, 'timeout'>, timeout = TOAST_POLICY[kind].timeoutMs, options: ToastOptions = {}): void {
  // An answer that arrives after staff moved on belongs to a screen that is gone: "settings saved" never greets the next one.
  if (options.startedOn !== undefined && options.startedOn !== screen) return;
  const key = TOAST_POLICY[kind].key;
  shownOn.set(key, screen);
  void getToaster().then((t) => t.show({ ...props, timeout, onDismiss: () => shownOn.delete(key) }, key));
}

/**
 * Staff are on a screen now: the toasts of any other go. An action that says what it did and then opens what it made
 * navigates first and shows its toast after, so the toast is the new screen's.
 */
export function enterScreen(next: string): void {
  if (next === screen) return;
  screen = next;
  const stale = [...shownOn].filter(([, on]) => on !== next).map(([key]) => key);
  if (!stale.length || !toaster) return;
  for (const key of stale) shownOn.delete(key);
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

export function showSuccess(message: string, action?: { text: string; onClick(): void }, options?: ToastOptions): void {
  // A toast with something to do stays as long as an error's, so there is time to reach its button.
  show('success', { intent: Intent.SUCCESS, icon: 'tick-circle', message, action }, action ? TOAST_POLICY.error.timeoutMs : undefined, options);
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
