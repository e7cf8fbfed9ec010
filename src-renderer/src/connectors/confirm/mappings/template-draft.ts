import type {
  CaseStatus,
  ChannelInput,
  EnquiryTarget,
  IssueView,
  MappingRow,
  MappingSource,
  TemplateType,
  TemplateView,
} from '../../../../../src-preload/contract';
import { emptyTypeCodeMessage, emptyValueMessage } from '../../../../../src-preload/contract';

// A mapping template as the editor holds it: rows carry a stable uid (React keys survive reordering) and a status
// map is a list of pairs so a code can be half typed or repeated while editing; toRows turns it into the contract.

export interface StatusPair {
  code: string;
  status: CaseStatus;
}

export type CaseSide = { kind: 'case_field'; key: string } | { kind: 'case_status'; pairs: StatusPair[] };

export type RowDraft =
  | { uid: number; direction: 'out'; target: EnquiryTarget; source: MappingSource }
  | { uid: number; direction: 'in'; source: EnquiryTarget; target: CaseSide };

export interface TemplateDraft {
  id?: number;
  name: string;
  type: TemplateType;
  referenceId: number | null;
  rows: RowDraft[];
}

export const TEMPLATE_TYPE_LABEL: Record<TemplateType, string> = {
  create_enquiry: 'Create Enquiry (outgoing)',
  update_enquiry: 'Update Enquiry (outgoing)',
  enquiry_updated: 'Enquiry updated (incoming)',
};

let nextUid = 1;
const uid = () => nextUid++;

export const directionOf = (type: TemplateType): 'out' | 'in' => (type === 'enquiry_updated' ? 'in' : 'out');

export function newRow(type: TemplateType): RowDraft {
  return directionOf(type) === 'out'
    ? { uid: uid(), direction: 'out', target: { kind: 'field', name: '' }, source: { kind: 'static', value: '' } }
    : { uid: uid(), direction: 'in', source: { kind: 'field', name: '' }, target: { kind: 'case_field', key: '' } };
}

/** A new Create template starts with the two rows Confirm cannot do without. */
export function emptyDraft(type: TemplateType = 'create_enquiry'): TemplateDraft {
  const rows =
    type === 'create_enquiry'
      ? ['ServiceCode', 'SubjectCode'].map((name): RowDraft => ({ ...newRow(type), target: { kind: 'field', name } }) as RowDraft)
      : [newRow(type)];
  return { name: '', type, referenceId: null, rows };
}

function rowFromContract(row: MappingRow): RowDraft {
  if (row.direction === 'out') return { uid: uid(), ...row };
  const target: CaseSide =
    row.target.kind === 'case_field'
      ? { kind: 'case_field', key: row.target.key }
      : { kind: 'case_status', pairs: Object.entries(row.target.map).map(([code, status]) => ({ code, status })) };
  return { uid: uid(), direction: 'in', source: row.source, target };
}

export function draftFromTemplate(view: TemplateView): TemplateDraft {
  return { id: view.id, name: view.name, type: view.type, referenceId: view.referenceId, rows: view.rows.map(rowFromContract) };
}

/** Rows in draft order, so an issue's rows.N names the N-th row on screen. */
export function toRows(draft: TemplateDraft): MappingRow[] {
  return draft.rows.map((row): MappingRow => {
    if (row.direction === 'out') return { direction: 'out', target: row.target, source: row.source };
    if (row.target.kind === 'case_field') return { direction: 'in', source: row.source, target: row.target };
    const map: Record<string, CaseStatus> = {};
    for (const pair of row.target.pairs) if (pair.code.trim()) map[pair.code.trim()] = pair.status;
    return { direction: 'in', source: row.source, target: { kind: 'case_status', map } };
  });
}

/**
 * Rows that send nothing, said beside them while main cannot check the template yet (no Reference chosen), in the
 * same words main's check uses once it can.
 */
export function emptyRowIssues(draft: TemplateDraft): IssueView[] {
  const issues: IssueView[] = [];
  toRows(draft).forEach((row, i) => {
    if (row.direction !== 'out') return;
    if (row.target.kind === 'attribute' && row.target.typeCode.trim() === '') issues.push({ path: `rows.${i}.target`, message: emptyTypeCodeMessage(i) });
    if (row.source.kind === 'static' && row.source.value.trim() === '') issues.push({ path: `rows.${i}.source`, message: emptyValueMessage(i, row.target) });
  });
  return issues;
}

/** Null while no Reference is chosen: the core needs one and the reason is shown next to the picker instead. */
export function toSaveInput(draft: TemplateDraft): ChannelInput<'templates:save'> | null {
  if (draft.referenceId == null) return null;
  return {
    ...(draft.id ? { id: draft.id } : {}),
    name: draft.name.trim(),
    type: draft.type,
    referenceId: draft.referenceId,
    rows: toRows(draft),
  };
}

/**
 * Switching between outgoing and incoming keeps each row's Enquiry side and, where it fits, its case side. An outgoing
 * row with no value yet (a fresh template's Service and Subject rows) has nothing worth carrying over.
 */
export function changeType(draft: TemplateDraft, type: TemplateType): TemplateDraft {
  if (directionOf(type) === directionOf(draft.type)) return { ...draft, type };
  const kept = draft.rows.filter((row) => !(row.direction === 'out' && row.source.kind === 'static' && !row.source.value.trim()));
  if (kept.length === 0) return { ...draft, type, rows: [newRow(type)] };
  const rows = kept.map((row): RowDraft => {
    if (row.direction === 'out') {
      const target: CaseSide =
        row.source.kind === 'case_status'
          ? { kind: 'case_status', pairs: [] }
          : { kind: 'case_field', key: row.source.kind === 'case_field' ? row.source.key : '' };
      return { uid: row.uid, direction: 'in', source: row.target, target };
    }
    const source: MappingSource =
      row.target.kind === 'case_status' ? { kind: 'case_status' } : row.target.key ? { kind: 'case_field', key: row.target.key } : { kind: 'static', value: '' };
    return { uid: row.uid, direction: 'out', target: row.source, source };
  });
  return { ...draft, type, rows };
}

export function addRow(draft: TemplateDraft): TemplateDraft {
  return { ...draft, rows: [...draft.rows, newRow(draft.type)] };
}

export function removeRow(draft: TemplateDraft, index: number): TemplateDraft {
  return { ...draft, rows: draft.rows.filter((_, i) => i !== index) };
}

export function moveRow(draft: TemplateDraft, index: number, by: -1 | 1): TemplateDraft {
  const to = index + by;
  if (index < 0 || to < 0 || to >= draft.rows.length) return draft;
  const rows = [...draft.rows];
  [rows[index], rows[to]] = [rows[to], rows[index]];
  return { ...draft, rows };
}

export function replaceRow(draft: TemplateDraft, index: number, row: RowDraft): TemplateDraft {
  return { ...draft, rows: draft.rows.map((r, i) => (i === index ? row : r)) };
}

export interface PlacedIssues {
  /** Issues about one row, by its index ("rows.3.source" -> 3). */
  byRow: Map<number, IssueView[]>;
  /** Issues about the rows as a whole ("rows"), shown above them. */
  rows: IssueView[];
  name: IssueView[];
  reference: IssueView[];
  /** Everything else (type, an index past the end, no path). */
  other: IssueView[];
}

export function placeIssues(issues: readonly IssueView[] | undefined, rowCount: number): PlacedIssues {
  const placed: PlacedIssues = { byRow: new Map(), rows: [], name: [], reference: [], other: [] };
  for (const issue of issues ?? []) {
    const parts = issue.path.split(/[./]/).filter(Boolean);
    if (parts[0] === 'rows' && parts.length > 1 && /^\d+$/.test(parts[1]) && Number(parts[1]) < rowCount) {
      const index = Number(parts[1]);
      placed.byRow.set(index, [...(placed.byRow.get(index) ?? []), issue]);
    } else if (parts[0] === 'rows' && parts.length === 1) placed.rows.push(issue);
    else if (parts[0] === 'name') placed.name.push(issue);
    else if (parts[0] === 'referenceId') placed.reference.push(issue);
    else placed.other.push(issue);
  }
  return placed;
}
