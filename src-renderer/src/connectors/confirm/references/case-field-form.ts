import type { CaseFieldDef, ChannelInput } from '../../../../../src-preload/contract';

export interface FieldDraft {
  id?: number;
  key: string;
  label: string;
  kind: CaseFieldDef['kind'];
  /** Choices, one a line. */
  options: string;
  required: boolean;
  position: string;
}

export const KIND_LABEL: Record<CaseFieldDef['kind'], string> = {
  text: 'Text',
  long_text: 'Long text',
  number: 'Number',
  date: 'Date',
  choice: 'Choice',
};

const KEY = /^[a-z][a-z0-9_]{0,39}$/;

export function fieldDraftOf(field: CaseFieldDef | null, nextPosition: number): FieldDraft {
  if (!field) return { key: '', label: '', kind: 'text', options: '', required: false, position: String(nextPosition) };
  return { id: field.id, key: field.key, label: field.label, kind: field.kind, options: field.options.join('\n'), required: field.required, position: String(field.position) };
}

/** "Label" -> "label", "Issue type" -> "issue_type": a key suggestion while the key is untouched. */
export function keyFromLabel(label: string): string {
  const key = label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .replace(/_+$/, '');
  return key.slice(0, 40);
}

export function parseOptions(text: string): string[] {
  return [...new Set(text.split('\n').map((o) => o.trim()).filter(Boolean))];
}

export function checkFieldDraft(draft: FieldDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!KEY.test(draft.key)) errors.key = 'Lower-case letters, digits and _, starting with a letter (at most 40)';
  if (!draft.label.trim()) errors.label = 'A field needs a label';
  if (draft.kind === 'choice' && parseOptions(draft.options).length === 0) errors.options = 'A choice field needs at least one choice';
  if (!/^\d{1,5}$/.test(draft.position.trim())) errors.position = 'A whole number from 0';
  return errors;
}

export function toFieldInput(draft: FieldDraft): ChannelInput<'case-fields:save'> {
  return {
    ...(draft.id ? { id: draft.id } : {}),
    key: draft.key,
    label: draft.label.trim(),
    kind: draft.kind,
    options: draft.kind === 'choice' ? parseOptions(draft.options) : [],
    required: draft.required,
    position: Number(draft.position.trim()),
  };
}
