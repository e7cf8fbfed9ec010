import { Intent, OverlayToaster, Position, type Toaster, type ToastProps } from '@blueprintjs/core';
import type { AppError } from '../../../src-preload/contract';
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
  const detail = error.issues?.length ? ` ${error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}` : '';
  show('error', {
    intent: Intent.DANGER,
    icon: 'error',
    className: 'sd-toast-error',
    message: `${what} failed: ${error.message}${detail}`,
  });
}

export function showSuccess(message: string): void {
  show('success', { intent: Intent.SUCCESS, icon: 'tick-circle', message });
}

export function showInfo(message: string): void {
  show('info', { icon: 'info-sign', message });
}
