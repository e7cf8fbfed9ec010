import type { ChannelInput, ConnectionView, FieldSpec, FieldValue, IssueView } from '../../../../src-preload/contract';
import { placeByField } from '../../components/field-issues';

// A connection form's editable state: plain strings/booleans as the inputs hold them, secrets kept apart
// because they are write-only (never prefilled, sent only when typed or cleared).

export type DraftValue = string | boolean;

export interface ConnectionDraft {
  values: Record<string, DraftValue>;
  /** Typed secret values; an empty string means "leave as stored". */
  secrets: Record<string, string>;
  /** Secrets the user asked to delete on the next save. */
  clearSecrets: string[];
  /** Sandbox mode: where the connection points (null outside sandbox mode or for a connection without a simulator). */
  sandboxTarget?: 'simulator' | 'typed' | null;
}

/** The values typed for the fields the simulator sets stand in the draft: they are what "use this address" edits. */
function ownValue(view: ConnectionView, key: string): FieldValue | undefined {
  const own = view.sandbox?.ownValues;
  if (view.sandbox?.overridden.includes(key)) return own && key in own ? own[key] : null;
  return view.values[key];
}

const targetOf = (view: ConnectionView) => (view.sandbox?.simulatorUrl ? view.sandbox.target : null);

function toDraftValue(field: FieldSpec, value: FieldValue | undefined): DraftValue {
  if (field.kind === 'boolean') return value === true;
  if (value == null) return '';
  return String(value);
}

export function draftFromView(view: ConnectionView): ConnectionDraft {
  const values: Record<string, DraftValue> = {};
  for (const field of view.fields) {
    if (field.kind !== 'secret') values[field.key] = toDraftValue(field, ownValue(view, field.key));
  }
  return { values, secrets: {}, clearSecrets: [], sandboxTarget: targetOf(view) };
}

function toFieldValue(field: FieldSpec, draft: DraftValue | undefined): FieldValue {
  if (field.kind === 'boolean') return draft === true;
  const text = typeof draft === 'string' ? draft : '';
  if (field.kind === 'number') {
    if (text.trim() === '') return null;
    const n = Number(text);
    // An unparsable number goes as typed, so the core's validation names the field.
    return Number.isFinite(n) ? n : text;
  }
  if (text.trim() === '' && !field.required) return null;
  return field.kind === 'url' ? text.trim() : text;
}

export function savePayload(view: ConnectionView, draft: ConnectionDraft): ChannelInput<'connections:save'> {
  const values: Record<string, FieldValue> = {};
  const secrets: Record<string, string | null> = {};
  for (const field of view.fields) {
    if (field.kind === 'secret') {
      const typed = draft.secrets[field.key] ?? '';
      if (typed !== '') secrets[field.key] = typed;
      else if (draft.clearSecrets.includes(field.key)) secrets[field.key] = null;
    } else {
      values[field.key] = toFieldValue(field, draft.values[field.key]);
    }
  }
  const target = draft.sandboxTarget ?? null;
  return target && target !== targetOf(view) ? { connectorId: view.connectorId, values, secrets, sandboxTarget: target } : { connectorId: view.connectorId, values, secrets };
}

export function isDirty(view: ConnectionView, draft: ConnectionDraft): boolean {
  if (draft.clearSecrets.length > 0 || Object.values(draft.secrets).some((s) => s !== '')) return true;
  if ((draft.sandboxTarget ?? null) !== targetOf(view)) return true;
  const initial = draftFromView(view).values;
  return Object.keys(initial).some((k) => initial[k] !== draft.values[k]);
}

/** Splits validation issues into those a field can show under itself (worded with its label) and the rest. */
export function issuesByField(fields: readonly FieldSpec[], issues: readonly IssueView[] = []) {
  const labels = fieldLabels(fields);
  return { ...placeByField(issues, fields.map((f) => f.key), labels), labels };
}

export function fieldLabels(fields: readonly FieldSpec[]): Record<string, string> {
  return Object.fromEntries(fields.map((f) => [f.key, f.label]));
}
