import { Intent, OverlayToaster, Position, type Toaster, type ToastProps } from '@blueprintjs/core';
import type { AppError } from '../../../src-preload/contract';

let toaster: Promise<Toaster> | null = null;

function getToaster(): Promise<Toaster> {
  toaster ??= OverlayToaster.create({ position: Position.BOTTOM_RIGHT, maxToasts: 3, className: 'sd-toaster' });
  return toaster;
}

function show(props: ToastProps): void {
  void getToaster().then((t) => t.show(props));
}

export function showError(what: string, error: AppError): void {
  const detail = error.issues?.length ? ` ${error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}` : '';
  show({
    intent: Intent.DANGER,
    icon: 'error',
    timeout: 8000,
    className: 'sd-toast-error',
    message: `${what} failed: ${error.message}${detail}`,
  });
}

export function showSuccess(message: string): void {
  show({ intent: Intent.SUCCESS, icon: 'tick-circle', timeout: 5000, message });
}

export function showInfo(message: string): void {
  show({ icon: 'info-sign', timeout: 4000, message });
}
