import { Button, HTMLSelect } from '@blueprintjs/core';
import { CASE_STATUSES, type CaseFieldDef, type CaseStatus } from '../../../../../src-preload/contract';
import { CASE_STATUS_LABEL } from '../../../features/cases/case-format';
import type { CodeOption } from './code-options';
import { CodeInput } from './code-input';
import type { CaseSide, StatusPair } from './template-draft';

interface CaseTargetProps {
  uid: number;
  value: CaseSide;
  caseFields: readonly CaseFieldDef[];
  statuses: readonly CodeOption[] | null;
  onChange(value: CaseSide): void;
}

/** Where an incoming Enquiry value lands: a case field, or the case status through a code -> status table. */
export function CaseTarget({ uid, value, caseFields, statuses, onChange }: CaseTargetProps) {
  return (
    <div className="sd-row-side">
      <HTMLSelect
        data-testid="row-source-kind"
        aria-label="Case side"
        value={value.kind}
        onChange={(e) => onChange(e.currentTarget.value === 'case_status' ? { kind: 'case_status', pairs: [{ code: '', status: 'open' }] } : { kind: 'case_field', key: caseFields[0]?.key ?? '' })}
      >
        <option value="case_field">Case field</option>
        <option value="case_status">Case status</option>
      </HTMLSelect>
      {value.kind === 'case_field' ? (
        <HTMLSelect data-testid="row-source-key" aria-label="Case field" value={value.key} fill onChange={(e) => onChange({ kind: 'case_field', key: e.currentTarget.value })}>
          <option value="">Choose a case field…</option>
          {value.key !== '' && !caseFields.some((f) => f.key === value.key) && <option value={value.key}>{value.key} (no such field)</option>}
          {caseFields.map((f) => (
            <option key={f.key} value={f.key}>
              {f.label}
            </option>
          ))}
        </HTMLSelect>
      ) : (
        <StatusMap uid={uid} pairs={value.pairs} statuses={statuses} onChange={(pairs) => onChange({ kind: 'case_status', pairs })} />
      )}
    </div>
  );
}

function StatusMap({ uid, pairs, statuses, onChange }: { uid: number; pairs: StatusPair[]; statuses: readonly CodeOption[] | null; onChange(pairs: StatusPair[]): void }) {
  const set = (i: number, pair: StatusPair) => onChange(pairs.map((p, j) => (j === i ? pair : p)));
  return (
    <div className="sd-status-map" data-testid="status-map">
      {pairs.map((pair, i) => (
        <div key={i} className="sd-status-map-row">
          <CodeInput id={`row-${uid}-statuses`} testId="status-map-code" label="Confirm status code" placeholder="Confirm code" value={pair.code} options={statuses} onChange={(code) => set(i, { ...pair, code })} />
          <span className="sd-muted">→</span>
          <HTMLSelect data-testid="status-map-status" aria-label="Case status" value={pair.status} onChange={(e) => set(i, { ...pair, status: e.currentTarget.value as CaseStatus })}>
            {CASE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {CASE_STATUS_LABEL[s]}
              </option>
            ))}
          </HTMLSelect>
          <Button size="small" variant="minimal" icon="cross" aria-label="Remove this code" onClick={() => onChange(pairs.filter((_, j) => j !== i))} />
        </div>
      ))}
      <Button data-testid="status-map-add" size="small" variant="minimal" icon="add" text="Add a code" onClick={() => onChange([...pairs, { code: '', status: 'open' }])} />
      <div className="sd-muted sd-row-note">Codes not in this table leave the status as it is and are logged.</div>
    </div>
  );
}
