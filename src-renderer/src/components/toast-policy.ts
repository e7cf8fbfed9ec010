// How the console's toasts behave, apart from Blueprint: one slot per kind (a new toast of a kind replaces the one
// showing, so a burst of saves or failures never stacks up over the tables), short lives (held while the pointer is on
// one) and none outliving its screen (toaster.ts dismisses them on navigation).
export type ToastKind = 'error' | 'success' | 'info';

export interface ToastPolicy {
  /** The toaster's key for the kind: showing with a key that is on screen updates that toast in place. */
  key: string;
  timeoutMs: number;
}

export const TOAST_POLICY: Readonly<Record<ToastKind, ToastPolicy>> = {
  // Long enough to read a sentence; the failure's detail stays where it happened (the form, the log).
  error: { key: 'sd-toast-error', timeoutMs: 6000 },
  success: { key: 'sd-toast-success', timeoutMs: 4000 },
  info: { key: 'sd-toast-info', timeoutMs: 4000 },
};

/** At most one toast per kind at once. */
export const MAX_TOASTS = Object.keys(TOAST_POLICY).length;
