import { isChannelName } from '../../src-preload/contract';

// How an audit line finds the state a change replaces: the read channel that shows it, asked just before the change.
// A save of a thing with an id reads `<domain>:get {id}` where the contract has one; settings pages read their getter.

type Reader = { channel: string; input: unknown; pick?: (data: unknown) => unknown };

const GETTERS: Record<string, string> = {
  'settings:save': 'settings:get',
  'mail:save-settings': 'mail:settings',
  'ops:save-retention': 'ops:retention',
  'ops:save-backup-settings': 'ops:backups',
  'alerts:save-settings': 'alerts:settings',
};

const byKey = (key: string, value: unknown) => (data: unknown) =>
  Array.isArray(data) ? (data.find((d) => (d as Record<string, unknown>)?.[key] === value) ?? null) : null;

export function beforeReaderOf(channel: string, input: unknown): Reader | null {
  const i = (input ?? {}) as Record<string, unknown>;
  const getter = GETTERS[channel];
  if (getter) return { channel: getter, input: {} };
  if (channel === 'connections:save' && typeof i.connectorId === 'string') return { channel: 'connections:list', input: {}, pick: byKey('connectorId', i.connectorId) };
  if (channel.startsWith('staff:set-') && typeof i.id === 'number') return { channel: 'staff:list', input: {}, pick: byKey('id', i.id) };
  const domain = channel.split(':')[0];
  const get = `${domain}:get`;
  if (typeof i.id === 'number' && get !== channel && isChannelName(get)) return { channel: get, input: { id: i.id } };
  return null;
}

/** What the change is about, in a few words, from the names its input uses. */
export function entityOf(channel: string, input: unknown): string | null {
  const i = (input ?? {}) as Record<string, unknown>;
  // "template 3", not "templates 3": the thing, named as one.
  const many = channel.split(':')[0]!;
  const domain = many.replace(/s$/, '');
  const parts: string[] = [];
  if (typeof i.connectorId === 'string') parts.push(`connector ${i.connectorId}`);
  if (typeof i.taskId === 'string') parts.push(`task ${i.taskId}`);
  for (const key of ['id', 'jobId', 'groupId', 'runId', 'caseId', 'accountId', 'departmentId'] as const)
    if (typeof i[key] === 'number') parts.push(`${key === 'id' ? domain : key.replace(/Id$/, '')} ${i[key]}`);
  if (Array.isArray(i.ids)) parts.push(`${i.ids.length} ${many}`);
  if (typeof i.email === 'string') parts.push(i.email);
  if (parts.length === 0 && typeof i.name === 'string') parts.push(`${domain} "${i.name}"`);
  return parts.length ? parts.join(', ').slice(0, 200) : null;
}
