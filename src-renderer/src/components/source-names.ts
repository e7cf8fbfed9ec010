import { useEffect, useMemo, useState } from 'react';
import type { ErrorFacets } from '../../../src-preload/contract';
import { api } from '../api/client';
import { settle } from '../api/call';

// What staff read for a task id or a job kind ("download-customers", "apply-template"): the names the connectors
// declare (a task's name, a job kind's title), fetched once. An id stays internal: it is only ever the fallback.

let loaded: Promise<ErrorFacets> | null = null;

function facets(): Promise<ErrorFacets> {
  loaded ??= settle(api().errorsFacets({})).then((r) => {
    if (!r.ok) loaded = null;
    return r.ok ? r.data : [];
  });
  return loaded;
}

/** "apply-template" -> "Apply template": only for a source no connector names (an old row of a removed kind). */
function humanised(id: string): string {
  const words = id.replace(/^run:/, '').replace(/[-_:]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : id;
}

export interface SourceNames {
  connector(connectorId: string): string;
  /** A task id, a job kind, or a log action ("run:<task>", a job kind): its name in staff's words. */
  source(connectorId: string, source: string): string;
}

export function namesFrom(list: ErrorFacets): SourceNames {
  return {
    connector: (id) => list.find((f) => f.connectorId === id)?.name ?? id,
    source(connectorId, source) {
      const id = source.replace(/^run:/, '');
      const own = list.find((f) => f.connectorId === connectorId)?.sources.find((s) => s.id === id);
      return own?.name ?? humanised(source);
    },
  };
}

export function useSourceNames(): SourceNames {
  const [list, setList] = useState<ErrorFacets>([]);
  useEffect(() => {
    let live = true;
    void facets().then((f) => live && setList(f));
    return () => {
      live = false;
    };
  }, []);
  return useMemo(() => namesFrom(list), [list]);
}
