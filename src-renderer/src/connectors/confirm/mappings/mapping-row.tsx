import { Button, Icon } from '@blueprintjs/core';
import { fieldMessage, labelOfPath, type CaseFieldDef, type ConfirmLookupsView, type IssueView } from '../../../../../src-preload/contract';
import { CaseSource } from './case-source';
import { CaseTarget } from './case-target';
import { attributeCodeOptions, codeListFor } from './code-options';
import { EnquirySide, type EnquiryFieldOption } from './enquiry-side';
import type { RowDraft } from './template-draft';

interface MappingRowProps {
  index: number;
  count: number;
  row: RowDraft;
  rows: readonly RowDraft[];
  fields: readonly EnquiryFieldOption[];
  caseFields: readonly CaseFieldDef[];
  lookups: ConfirmLookupsView | null;
  issues: readonly IssueView[] | undefined;
  onChange(row: RowDraft): void;
  onMove(by: -1 | 1): void;
  onRemove(): void;
}

/** What a row's part is called on screen, for the schema's issues about it (its own checks name the part already). */
function partLabel(path: string): string {
  const parts = path.split(/[./]/);
  if (parts[0] === 'name') return 'Name';
  if (parts[0] === 'referenceId') return 'Reference';
  if (parts.includes('typeCode')) return 'Attribute type code';
  if (parts.includes('map')) return 'Status code';
  if (parts[2] === 'source') return parts.length > 3 ? 'The value' : 'Where the value comes from';
  if (parts[2] === 'target') return 'Where the value goes';
  return parts[0] === 'rows' && parts.length === 1 ? 'Mappings' : labelOfPath(path);
}

export function IssueList({ issues }: { issues: readonly IssueView[] | undefined }) {
  if (!issues?.length) return null;
  return (
    <ul className="sd-row-issues">
      {issues.map((i) => (
        <li key={`${i.path}:${i.message}`} data-testid="template-issue" data-path={i.path}>
          <Icon icon="error" size={12} /> {i.rule ? fieldMessage(i, partLabel(i.path)) : i.message}
        </li>
      ))}
    </ul>
  );
}

/** One field mapping: the case side and the Enquiry side with an arrow showing which way the value travels. */
export function MappingRow({ index, count, row, rows, fields, caseFields, lookups, issues, onChange, onMove, onRemove }: MappingRowProps) {
  const enquiry = row.direction === 'out' ? row.target : row.source;
  const enquirySide = (
    <EnquirySide
      uid={row.uid}
      value={enquiry}
      fields={fields}
      attributeOptions={attributeCodeOptions(lookups, rows, caseFields)}
      onChange={(value) => onChange(row.direction === 'out' ? { ...row, target: value } : { ...row, source: value })}
    />
  );
  return (
    <div className={`sd-mapping-row${issues?.length ? ' has-issues' : ''}`} data-testid="template-row" data-index={index}>
      <div className="sd-mapping-index">{index + 1}</div>
      <div className="sd-mapping-sides">
        {row.direction === 'out' ? (
          <>
            <CaseSource uid={row.uid} value={row.source} caseFields={caseFields} codes={codeListFor(row.target, lookups, rows)} onChange={(source) => onChange({ ...row, source })} />
            <Icon icon="arrow-right" className="sd-mapping-arrow" />
            {enquirySide}
          </>
        ) : (
          <>
            {enquirySide}
            <Icon icon="arrow-right" className="sd-mapping-arrow" />
            <CaseTarget uid={row.uid} value={row.target} caseFields={caseFields} statuses={lookups?.statuses ?? null} onChange={(target) => onChange({ ...row, target })} />
          </>
        )}
        <IssueList issues={issues} />
      </div>
      <div className="sd-mapping-tools">
        <Button size="small" variant="minimal" icon="chevron-up" aria-label="Move up" disabled={index === 0} onClick={() => onMove(-1)} />
        <Button size="small" variant="minimal" icon="chevron-down" aria-label="Move down" disabled={index === count - 1} onClick={() => onMove(1)} />
        <Button data-testid="row-remove" size="small" variant="minimal" icon="trash" aria-label="Remove this mapping" onClick={onRemove} />
      </div>
    </div>
  );
}
