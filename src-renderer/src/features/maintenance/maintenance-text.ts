// What the Maintenance screen says, as plain functions of what the contract answers (tested without a browser).
import type { CleanupResult, ConfigChange, ConfigPreview } from '../../../../src-preload/contract';
import { formatBytes, formatCount } from '../../components/format';

/** Secrets typed for an import, by connector and field. */
export type SecretAnswers = Record<string, Record<string, string>>;

const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

export function cleanupSummary(r: CleanupResult): string {
  const removed = [
    r.logDeleted && plural(r.logDeleted, 'log line'),
    r.runsDeleted && `${plural(r.runsDeleted, 'run')} (${plural(r.runItemsDeleted, 'record line')})`,
    r.fieldChangesDeleted && plural(r.fieldChangesDeleted, 'field change'),
    r.downloadsDeleted && plural(r.downloadsDeleted, 'download'),
    r.rawFilesRemoved && plural(r.rawFilesRemoved, 'raw file'),
  ].filter(Boolean) as string[];
  const what = removed.length ? `Removed ${removed.join(', ')}` : 'Nothing was old enough to remove';
  const size = r.bytesAfter < r.bytesBefore ? `; the database went from ${formatBytes(r.bytesBefore)} to ${formatBytes(r.bytesAfter)}` : `; the database is ${formatBytes(r.bytesAfter)}`;
  return `${what}${size}.`;
}

export const KIND_LABELS: Record<ConfigChange['kind'], string> = {
  connection: 'Connection',
  reference: 'Reference',
  case_field: 'Case field',
  template: 'Mapping template',
  rule: 'Rule',
  email_template: 'Email template',
  schedule: 'Schedule',
};

export const CHANGE_LABELS: Record<ConfigChange['change'], string> = {
  added: 'will be added',
  changed: 'will change',
  unchanged: 'same as here',
  not_applied: 'will not be applied',
};

/** "3 will be added, 2 will change, 10 same as here": the preview's headline. */
export function previewHeadline(p: ConfigPreview): string {
  const counts = new Map<ConfigChange['change'], number>();
  for (const c of p.changes) counts.set(c.change, (counts.get(c.change) ?? 0) + 1);
  const parts = (['added', 'changed', 'not_applied', 'unchanged'] as const).filter((k) => counts.get(k)).map((k) => `${formatCount(counts.get(k)!)} ${CHANGE_LABELS[k]}`);
  return parts.length ? parts.join(', ') : 'The file holds no configuration';
}

/** Changes that do something first (not applied, changed, added), then the unchanged, each group by kind and key. */
export function orderedChanges(changes: readonly ConfigChange[]): ConfigChange[] {
  const rank: Record<ConfigChange['change'], number> = { not_applied: 0, changed: 1, added: 2, unchanged: 3 };
  return [...changes].sort((a, b) => rank[a.change] - rank[b.change] || a.kind.localeCompare(b.kind) || a.key.localeCompare(b.key));
}

/** The secrets the file could not carry that nobody has typed yet ("CERM: Client secret"). */
export function unansweredSecrets(p: ConfigPreview, answers: SecretAnswers): string[] {
  return p.missingSecrets.flatMap((m) => m.fields.filter((f) => !answers[m.connectorId]?.[f]?.trim()).map((f) => `${m.connectorName}: ${f}`));
}

/** Only what was typed, trimmed: an empty box is no answer. */
export function secretsToSend(answers: SecretAnswers): SecretAnswers {
  const out: SecretAnswers = {};
  for (const [connectorId, fields] of Object.entries(answers)) {
    const kept = Object.fromEntries(Object.entries(fields).flatMap(([k, v]) => (v.trim() ? [[k, v.trim()]] : [])));
    if (Object.keys(kept).length) out[connectorId] = kept;
  }
  return out;
}

/** A configuration file must be small text; anything else is refused before it is read. */
export const MAX_CONFIG_BYTES = 20_000_000;
export function configFileProblem(file: { name: string; size: number }): string | null {
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > MAX_CONFIG_BYTES) return `${file.name} is ${formatBytes(file.size)}; a configuration file is at most ${formatBytes(MAX_CONFIG_BYTES)}.`;
  return null;
}
