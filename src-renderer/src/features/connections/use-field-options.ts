import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConnectionView } from '../../../../src-preload/contract';
import { settle } from '../../api/call';
import type { FieldExtension } from '../../connectors/registry';
import { failedFrom, initialOptionsState, loadingFrom, type FieldOptionsState } from './field-options';

/**
 * Reads a select's live choices when the form opens, after a save (they come from the saved connection) and on
 * Reload. An answer that arrives after a newer request is dropped.
 */
export function useFieldOptions(view: ConnectionView, extension: FieldExtension | undefined): { state: FieldOptionsState; reload(): void } {
  const [state, setState] = useState<FieldOptionsState>(() => initialOptionsState(view, extension));
  const [reloads, setReloads] = useState(0);
  const seq = useRef(0);
  const viewRef = useRef(view);
  viewRef.current = view;
  const { connectorId, updatedAt, sandboxUrl, state: connState } = view;

  useEffect(() => {
    const current = viewRef.current;
    const first = initialOptionsState(current, extension);
    if (first.status === 'static' || first.status === 'unavailable' || !extension?.loadOptions) {
      setState(first);
      return;
    }
    const mine = ++seq.current;
    setState((s) => loadingFrom(s));
    void settle(extension.loadOptions(current)).then((result) => {
      if (mine !== seq.current) return;
      setState((s) => (result.ok ? { status: 'loaded', options: result.data } : failedFrom(s, result.error)));
    });
  }, [extension, connectorId, updatedAt, sandboxUrl, connState, reloads]);

  const reload = useCallback(() => setReloads((n) => n + 1), []);
  return { state, reload };
}
