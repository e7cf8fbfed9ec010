import { isDeepStrictEqual } from 'node:util';
import { CONFIG_FORMAT, CONFIG_VERSION, ConfigFile, type ConfigChange, type ConfigImportResult, type ConfigPreview, type FieldValue } from '../../src-preload/contract';
import type { ConnectorRegistry } from '../connectors/registry';
import type { CredentialStore } from '../secrets/credential-store';
import { secretAccount } from '../secrets/credential-store';
import type { Repositories } from '../store/repositories';
import { configFileRefusal, connectionValuesRefusal } from './config-words';

export class ConfigFileRefusedError extends Error {
  constructor(
    message: string,
    /** The schema's own path and words, for Details. */
    readonly detail?: string,
  ) {
    super(message);
  }
}

export interface ConfigDeps {
  repos: Repositories;
  registry: ConnectorRegistry;
  credentials: CredentialStore;
  version: string;
  now: () => number;
}

/** The configuration as a file holds it: every item keyed by name, never an id or a secret. */
export async function exportConfig(d: ConfigDeps): Promise<ConfigFile> {
  const { repos } = d;
  const references = await repos.references.list();
  const refName = new Map(references.map((r) => [r.id, r.name]));
  const templates = await repos.templates.list();
  const connections = [];
  const schedules = [];
  for (const c of d.registry.all()) {
    const row = await repos.connections.get(c.id);
    if (row) connections.push({ connectorId: c.id, values: row.values, secretFields: row.secretsSet.filter((f) => c.settings.secretFields.includes(f)) });
    for (const t of c.tasks) schedules.push({ connectorId: c.id, taskId: t.id, intervalMinutes: (await repos.schedules.get(c.id, t.id)).intervalMinutes });
  }
  return {
    format: CONFIG_FORMAT,
    version: CONFIG_VERSION,
    exportedAt: d.now(),
    appVersion: d.version,
    connections,
    references: references.map((r) => ({ name: r.name, showOnCase: r.showOnCase })),
    caseFields: (await repos.caseFields.list()).map((f) => ({ key: f.key, label: f.label, kind: f.kind, options: [...f.options], required: f.required, position: f.position })),
    templates: templates.map((t) => ({ name: t.name, type: t.type, reference: refName.get(t.referenceId) ?? t.referenceName, rows: t.rows })),
    rules: (await repos.caseRules.list()).map((r) => ({ name: r.name, trigger: r.trigger, conditions: r.conditions, template: r.templateName, enabled: r.enabled, position: r.position })),
    emailTemplates: (await repos.mail.templates()).map((t) => ({ key: t.key, subject: t.subject, text: t.text, html: t.html })),
    schedules,
  };
}

/**
 * Reads a configuration file's text; a file from a newer SyncDesk, or not one at all, is refused in plain words.
 * `labels` names connection fields as their pages do.
 */
export function parseConfig(text: string, labels?: (connectorId: string, key: string) => string | undefined): ConfigFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ConfigFileRefusedError('The file is not JSON: it is not a SyncDesk configuration file.');
  }
  const head = raw as { format?: unknown; version?: unknown } | null;
  if (typeof head !== 'object' || head === null || head.format !== CONFIG_FORMAT) throw new ConfigFileRefusedError('The file is not a SyncDesk configuration file.');
  if (typeof head.version === 'number' && head.version > CONFIG_VERSION)
    throw new ConfigFileRefusedError(`The file was written by a newer SyncDesk (configuration version ${head.version}; this version reads up to ${CONFIG_VERSION}). Update SyncDesk to import it.`);
  const parsed = ConfigFile.safeParse(raw);
  if (!parsed.success) {
    const { message, detail } = configFileRefusal(raw, parsed.error, labels);
    throw new ConfigFileRefusedError(message, detail);
  }
  return parsed.data;
}

function differing(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !isDeepStrictEqual(a[k], b[k])).sort();
}

function compare<T extends Record<string, unknown>>(kind: ConfigChange['kind'], incoming: T[], current: T[], keyOf: (t: T) => string): ConfigChange[] {
  const byKey = new Map(current.map((c) => [keyOf(c).toLowerCase(), c]));
  return incoming.map((t) => {
    const key = keyOf(t);
    const have = byKey.get(key.toLowerCase());
    if (!have) return { kind, key, change: 'added', detail: null };
    const diff = differing(t, have);
    return diff.length ? { kind, key, change: 'changed', detail: diff.join(', ') } : { kind, key, change: 'unchanged', detail: null };
  });
}

async function plan(d: ConfigDeps, file: ConfigFile, given: Record<string, Record<string, string>>): Promise<ConfigPreview> {
  const now = await exportConfig(d);
  const changes: ConfigChange[] = [];
  const known = (id: string) => d.registry.get(id);
  const unknownConnector = (id: string) => `this SyncDesk has no connector "${id}"`;
  for (const c of file.connections) {
    const connector = known(c.connectorId);
    if (!connector) {
      changes.push({ kind: 'connection', key: c.connectorId, change: 'not_applied', detail: unknownConnector(c.connectorId) });
      continue;
    }
    const have = now.connections.find((x) => x.connectorId === c.connectorId);
    const values = usableValues(connector, c.values);
    const secretsAsGiven = Object.fromEntries(connector.settings.secretFields.map((f) => [f, 'x']));
    const refused = connectionValuesRefusal(
      connector.settings.schema,
      { ...connector.settings.defaults, ...(have?.values ?? {}), ...values, ...secretsAsGiven },
      // A value the file leaves unset (null) is not checked: in sandbox mode the simulator stands in for it.
      new Set(Object.keys(values).filter((k) => values[k] !== null)),
      (key) => connector.settings.fields.find((f) => f.key === key)?.label,
    );
    if (refused) {
      changes.push({ kind: 'connection', key: c.connectorId, change: 'not_applied', detail: refused });
      continue;
    }
    if (!have) changes.push({ kind: 'connection', key: c.connectorId, change: 'added', detail: null });
    else {
      const diff = differing(values, have.values);
      changes.push(diff.length ? { kind: 'connection', key: c.connectorId, change: 'changed', detail: diff.join(', ') } : { kind: 'connection', key: c.connectorId, change: 'unchanged', detail: null });
    }
  }
  changes.push(...compare('reference', file.references, now.references, (r) => r.name));
  changes.push(...compare('case_field', file.caseFields, now.caseFields, (f) => f.key));
  changes.push(...compare('template', file.templates, now.templates, (t) => t.name));
  changes.push(...compare('rule', file.rules, now.rules, (r) => r.name));
  changes.push(...compare('email_template', file.emailTemplates, now.emailTemplates, (t) => t.key));
  for (const s of file.schedules) {
    const key = `${s.connectorId}/${s.taskId}`;
    const have = now.schedules.find((x) => x.connectorId === s.connectorId && x.taskId === s.taskId);
    if (!have) changes.push({ kind: 'schedule', key, change: 'not_applied', detail: known(s.connectorId) ? `${s.connectorId} has no task "${s.taskId}"` : unknownConnector(s.connectorId) });
    else changes.push({ kind: 'schedule', key, change: have.intervalMinutes === s.intervalMinutes ? 'unchanged' : 'changed', detail: have.intervalMinutes === s.intervalMinutes ? null : 'intervalMinutes' });
  }
  for (const t of file.templates)
    if (!file.references.some((r) => r.name.toLowerCase() === t.reference.toLowerCase()) && !now.references.some((r) => r.name.toLowerCase() === t.reference.toLowerCase()))
      markNotApplied(changes, 'template', t.name, `its Reference "${t.reference}" is neither in the file nor here`);
  for (const r of file.rules)
    if (!file.templates.some((t) => t.name.toLowerCase() === r.template.toLowerCase()) && !now.templates.some((t) => t.name.toLowerCase() === r.template.toLowerCase()))
      markNotApplied(changes, 'rule', r.name, `its template "${r.template}" is neither in the file nor here`);

  const missingSecrets = [];
  for (const c of file.connections) {
    const connector = known(c.connectorId);
    if (!connector) continue;
    const fields = [];
    for (const f of connector.settings.secretFields) {
      if (given[c.connectorId]?.[f]) continue;
      if ((await d.credentials.get(secretAccount(c.connectorId, f)).catch(() => null)) !== null) continue;
      fields.push(f);
    }
    if (fields.length) missingSecrets.push({ connectorId: c.connectorId, connectorName: connector.displayName, fields });
  }
  return { exportedAt: file.exportedAt, appVersion: file.appVersion, changes, missingSecrets };
}

function markNotApplied(changes: ConfigChange[], kind: ConfigChange['kind'], key: string, why: string): void {
  const c = changes.find((x) => x.kind === kind && x.key === key);
  if (c) Object.assign(c, { change: 'not_applied', detail: why });
}

/** The file's non-secret values this connector knows; a secret field sent as a value is never taken. */
function usableValues(connector: NonNullable<ReturnType<ConnectorRegistry['get']>>, values: Record<string, FieldValue>): Record<string, FieldValue> {
  const known = new Set(connector.settings.fields.map((f) => f.key));
  const out: Record<string, FieldValue> = {};
  for (const [k, v] of Object.entries(values)) if (known.has(k) && !connector.settings.secretFields.includes(k)) out[k] = v;
  return out;
}

export const previewConfig = (d: ConfigDeps, file: ConfigFile): Promise<ConfigPreview> => plan(d, file, {});

/** Applies the file: secrets given first (the keychain), then every item in one transaction, so nothing half-lands. */
export async function importConfig(d: ConfigDeps, file: ConfigFile, secrets: Record<string, Record<string, string>>): Promise<ConfigImportResult> {
  const preview = await plan(d, file, secrets);
  const applies = (kind: ConfigChange['kind'], key: string) => preview.changes.some((c) => c.kind === kind && c.key === key && (c.change === 'added' || c.change === 'changed'));
  for (const [connectorId, fields] of Object.entries(secrets)) {
    const connector = d.registry.get(connectorId);
    if (!connector) continue;
    for (const [f, v] of Object.entries(fields)) if (connector.settings.secretFields.includes(f)) await d.credentials.set(secretAccount(connectorId, f), v);
  }
  const at = d.now();
  const applied = await d.repos.transaction(async (tx) => {
    let n = 0;
    for (const r of file.references) {
      if (!applies('reference', r.name)) continue;
      const have = (await tx.references.list()).find((x) => x.name.toLowerCase() === r.name.toLowerCase());
      if (have) await tx.references.update(have.id, r.name, r.showOnCase);
      else await tx.references.insert(r.name, r.showOnCase, at);
      n++;
    }
    for (const f of file.caseFields) {
      if (!applies('case_field', f.key)) continue;
      const have = (await tx.caseFields.list()).find((x) => x.key === f.key);
      if (have) await tx.caseFields.update(have.id, { label: f.label, kind: f.kind, options: f.options, required: f.required, position: f.position });
      else await tx.caseFields.insert(f, at);
      n++;
    }
    const refs = await tx.references.list();
    for (const t of file.templates) {
      if (!applies('template', t.name)) continue;
      const referenceId = refs.find((r) => r.name.toLowerCase() === t.reference.toLowerCase())!.id;
      const have = (await tx.templates.list()).find((x) => x.name.toLowerCase() === t.name.toLowerCase());
      const input = { name: t.name, type: t.type, referenceId, rows: t.rows };
      if (have) await tx.templates.update(have.id, input, at);
      else await tx.templates.insert(input, at);
      n++;
    }
    const templates = await tx.templates.list();
    for (const r of file.rules) {
      if (!applies('rule', r.name)) continue;
      const templateId = templates.find((t) => t.name.toLowerCase() === r.template.toLowerCase())!.id;
      const have = (await tx.caseRules.list()).find((x) => x.name.toLowerCase() === r.name.toLowerCase());
      const input = { name: r.name, trigger: r.trigger, conditions: r.conditions, templateId, enabled: r.enabled, position: r.position };
      if (have) await tx.caseRules.update(have.id, input, at);
      else await tx.caseRules.insert(input, at);
      n++;
    }
    for (const t of file.emailTemplates) {
      if (!applies('email_template', t.key)) continue;
      await tx.mail.saveTemplate(t, at);
      n++;
    }
    for (const s of file.schedules) {
      if (!applies('schedule', `${s.connectorId}/${s.taskId}`)) continue;
      await tx.schedules.set(s.connectorId, s.taskId, s.intervalMinutes, at);
      n++;
    }
    for (const c of file.connections) {
      const connector = d.registry.get(c.connectorId);
      if (!connector) continue;
      const row = await tx.connections.get(c.connectorId);
      const secretsSet = new Set(row?.secretsSet ?? []);
      for (const f of Object.keys(secrets[c.connectorId] ?? {})) if (connector.settings.secretFields.includes(f)) secretsSet.add(f);
      const takesValues = applies('connection', c.connectorId);
      if (!takesValues && secretsSet.size === (row?.secretsSet.length ?? 0)) continue;
      // Stored as they came; Test connection checks them against the remote (this machine may not reach it yet).
      await tx.connections.save({ connectorId: c.connectorId, values: { ...(row?.values ?? {}), ...(takesValues ? usableValues(connector, c.values) : {}) }, secretsSet: [...secretsSet], state: row?.state ?? 'ready', stateMessage: row?.stateMessage ?? null }, at);
      n++;
    }
    return n;
  });
  const after = await plan(d, file, {});
  return { ...preview, missingSecrets: after.missingSecrets, applied };
}
