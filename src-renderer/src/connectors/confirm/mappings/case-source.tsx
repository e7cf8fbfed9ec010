import { HTMLSelect } from '@blueprintjs/core';
import type { CaseFieldDef, MappingSource } from '../../../../../src-preload/contract';
import type { CodeOption } from './code-options';
import { CodeInput } from './code-input';
import { ADDRESS_LABEL, CASE_BUILTIN_LABEL, CASE_DATE_LABEL, PERSON_LABEL, SOURCE_KIND_LABEL, sourceOfKind } from './row-labels';

interface CaseSourceProps {
  uid: number;
  value: MappingSource;
  caseFields: readonly CaseFieldDef[];
  codes: readonly CodeOption[] | null;
  onChange(value: MappingSource): void;
}

function KeySelect<K extends string>({ value, labels, onChange }: { value: K; labels: Record<K, string>; onChange(key: K): void }) {
  return (
    <HTMLSelect data-testid="row-source-key" aria-label="Which value" value={value} fill onChange={(e) => onChange(e.currentTarget.value as K)}>
      {(Object.keys(labels) as K[]).map((k) => (
        <option key={k} value={k}>
          {labels[k]}
        </option>
      ))}
    </HTMLSelect>
  );
}

/** Where an outgoing value comes from: a case value, the linked person or address, or static text. */
export function CaseSource({ uid, value, caseFields, codes, onChange }: CaseSourceProps) {
  let detail;
  switch (value.kind) {
    case 'case_field': {
      const known = value.key === '' || caseFields.some((f) => f.key === value.key);
      detail = (
        <HTMLSelect data-testid="row-source-key" aria-label="Case field" value={value.key} fill onChange={(e) => onChange({ kind: 'case_field', key: e.currentTarget.value })}>
          <option value="">Choose a case field…</option>
          {!known && <option value={value.key}>{value.key} (no such field)</option>}
          {caseFields.map((f) => (
            <option key={f.key} value={f.key}>
              {f.label}
            </option>
          ))}
        </HTMLSelect>
      );
      break;
    }
    case 'case_date':
      detail = <KeySelect value={value.key} labels={CASE_DATE_LABEL} onChange={(key) => onChange({ kind: 'case_date', key })} />;
      break;
    case 'case_builtin':
      detail = <KeySelect value={value.key} labels={CASE_BUILTIN_LABEL} onChange={(key) => onChange({ kind: 'case_builtin', key })} />;
      break;
    case 'person':
      detail = <KeySelect value={value.key} labels={PERSON_LABEL} onChange={(key) => onChange({ kind: 'person', key })} />;
      break;
    case 'address':
      detail = <KeySelect value={value.key} labels={ADDRESS_LABEL} onChange={(key) => onChange({ kind: 'address', key })} />;
      break;
    case 'static':
      detail = (
        <CodeInput id={`row-${uid}-codes`} testId="row-source-value" label="Static text" value={value.value} options={codes} onChange={(v) => onChange({ kind: 'static', value: v })} />
      );
      break;
    case 'case_status':
      detail = <span className="sd-muted sd-row-note">the case status code (new, open, …)</span>;
      break;
  }
  return (
    <div className="sd-row-side">
      <HTMLSelect
        data-testid="row-source-kind"
        aria-label="Source"
        value={value.kind}
        onChange={(e) => onChange(sourceOfKind(e.currentTarget.value as MappingSource['kind'], caseFields[0]?.key ?? ''))}
      >
        {(Object.keys(SOURCE_KIND_LABEL) as MappingSource['kind'][]).map((k) => (
          <option key={k} value={k}>
            {SOURCE_KIND_LABEL[k]}
          </option>
        ))}
      </HTMLSelect>
      {detail}
    </div>
  );
}
