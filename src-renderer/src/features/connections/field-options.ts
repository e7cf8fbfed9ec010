import type { AppError, ConnectionView } from '../../../../src-preload/contract';
import type { FieldExtension, FieldOption } from '../../connectors/registry';

// A select whose choices a connector reads live (FieldExtension.loadOptions): the pure part, tested without a DOM.

export type FieldOptionsState =
  | { status: 'static' }
  | { status: 'unavailable'; reason: string }
  | { status: 'loading'; previous: FieldOption[] | null }
  | { status: 'loaded'; options: FieldOption[] }
  | { status: 'failed'; error: AppError; previous: FieldOption[] | null };

/** Where a field's choices come from before anything is read: its spec, or a reason the connector gives. */
export function initialOptionsState(view: ConnectionView, extension: FieldExtension | undefined): FieldOptionsState {
  if (!extension?.loadOptions) return { status: 'static' };
  const reason = extension.optionsUnavailable?.(view) ?? null;
  return reason ? { status: 'unavailable', reason } : { status: 'loading', previous: null };
}

function previousOf(state: FieldOptionsState): FieldOption[] | null {
  if (state.status === 'loaded') return state.options;
  if (state.status === 'loading' || state.status === 'failed') return state.previous;
  return null;
}

export function loadingFrom(state: FieldOptionsState): FieldOptionsState {
  return { status: 'loading', previous: previousOf(state) };
}

export function failedFrom(state: FieldOptionsState, error: AppError): FieldOptionsState {
  return { status: 'failed', error, previous: previousOf(state) };
}

/**
 * The choices the select shows. A stored value missing from them stays listed (and says so): a select that showed
 * another choice would save that one without anybody picking it.
 */
export function selectOptions(spec: readonly FieldOption[] | undefined, state: FieldOptionsState, current: string): FieldOption[] {
  const base = state.status === 'static' ? [...(spec ?? [])] : (previousOf(state) ?? []);
  if (current === '' || base.some((o) => o.value === current)) return base;
  const why = state.status === 'loaded' ? 'not offered now' : 'saved';
  return [...base, { value: current, label: `${current} (${why})` }];
}

/** One line under the select: what is loading, why nothing can be chosen, or how many choices there are. */
export function optionsMessage(state: FieldOptionsState, what = 'choices'): { text: string; intent: 'none' | 'warning' | 'danger' } | null {
  switch (state.status) {
    case 'static':
      return null;
    case 'unavailable':
      return { text: state.reason, intent: 'warning' };
    case 'loading':
      return { text: `Reading the ${what}…`, intent: 'none' };
    case 'failed':
      return { text: `Could not read the ${what}: ${state.error.message}`, intent: 'danger' };
    case 'loaded':
      return state.options.length === 0 ? { text: `No ${what} found.`, intent: 'warning' } : null;
  }
}
