import type { ConnectionView, FieldGroup, FieldSpec } from '../../../../src-preload/contract';

// A connection's page: its fields on the tab their connector gives them, and a Data tab for what the connector brings.

export const CONNECTION_TABS = ['connection', 'behaviour', 'advanced', 'data'] as const;
export type ConnectionTab = (typeof CONNECTION_TABS)[number];

export const TAB_LABELS: Record<ConnectionTab, string> = {
  connection: 'Connection',
  behaviour: 'Behaviour',
  advanced: 'Advanced',
  data: 'Data',
};

export const isConnectionTab = (s: string | undefined): s is ConnectionTab => (CONNECTION_TABS as readonly string[]).includes(s ?? '');

/** The fields of one tab, in the connector's order. */
export function fieldsOfTab(fields: readonly FieldSpec[], tab: FieldGroup): FieldSpec[] {
  return fields.filter((f) => f.group === tab);
}

/** The tabs this connection has: Connection always, the others when something is on them. */
export function tabsOf(view: ConnectionView, hasData: boolean): ConnectionTab[] {
  return CONNECTION_TABS.filter((t) => t === 'connection' || (t === 'data' ? hasData : view.fields.some((f) => f.group === t)));
}

/** The tab a validation issue belongs on, so a refused save can open it. */
export function tabOfIssue(fields: readonly FieldSpec[], path: string): FieldGroup | null {
  const key = path.split(/[./]/).filter(Boolean).pop() ?? '';
  return fields.find((f) => f.key === key)?.group ?? null;
}

/**
 * Whether a secret is stored for where the connection points: switched from its simulator to a typed address, only
 * a secret of its own counts (the simulator's demo credential goes with the simulator).
 */
export function storedSecret(view: ConnectionView, key: string, target: 'simulator' | 'typed' | null): 'set' | 'not set' {
  const sandbox = view.sandbox;
  if (target === 'typed' && sandbox?.target === 'simulator' && sandbox.overridden.includes(key)) return sandbox.ownSecrets.includes(key) ? 'set' : 'not set';
  return view.secrets[key] ?? 'not set';
}

/** Whether the simulator sets this field now (sandbox mode, connection pointed at it): shown read-only, never edited. */
export function setBySimulator(view: ConnectionView, key: string, target: 'simulator' | 'typed' | null): boolean {
  return target === 'simulator' && (view.sandbox?.overridden.includes(key) ?? false);
}
