import { Button, HTMLSelect, InputGroup } from '@blueprintjs/core';
import { CASE_STATUSES, type CaseFieldDef, type RuleCondition } from '../../../../../src-preload/contract';
import { CASE_STATUS_LABEL } from '../../../features/cases/case-format';
import { OP_LABEL, VALUELESS, type ConditionOp } from './rule-draft';

interface ConditionRowsProps {
  conditions: RuleCondition[];
  fields: readonly CaseFieldDef[];
  errors: Record<string, string>;
  onChange(conditions: RuleCondition[]): void;
}

/** All conditions must hold for the rule to fire. */
export function ConditionRows({ conditions, fields, errors, onChange }: ConditionRowsProps) {
  const set = (i: number, patch: Partial<RuleCondition>) => onChange(conditions.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const known = new Set(['status', 'title', ...fields.map((f) => f.key)]);
  return (
    <div className="sd-conditions">
      {conditions.length === 0 && <div className="sd-muted">No conditions: the rule fires on every trigger.</div>}
      {conditions.map((c, i) => (
        <div key={i} className="sd-condition-row" data-testid="rule-condition">
          <span className="sd-muted sd-condition-and">{i === 0 ? 'When' : 'and'}</span>
          <HTMLSelect data-testid="rule-condition-field" aria-label="Case value" value={c.field} onChange={(e) => set(i, { field: e.currentTarget.value })}>
            <option value="">Choose…</option>
            <option value="status">Status</option>
            <option value="title">Title</option>
            {fields.map((f) => (
              <option key={f.key} value={f.key}>
                {f.label}
              </option>
            ))}
            {c.field && !known.has(c.field) && <option value={c.field}>{c.field} (no such field)</option>}
          </HTMLSelect>
          <HTMLSelect data-testid="rule-condition-op" aria-label="Comparison" value={c.op} onChange={(e) => set(i, { op: e.currentTarget.value as ConditionOp })}>
            {(Object.keys(OP_LABEL) as ConditionOp[]).map((op) => (
              <option key={op} value={op}>
                {OP_LABEL[op]}
              </option>
            ))}
          </HTMLSelect>
          {!VALUELESS.includes(c.op) && <ConditionValue condition={c} fields={fields} onChange={(value) => set(i, { value })} />}
          <Button size="small" variant="minimal" icon="cross" aria-label="Remove condition" onClick={() => onChange(conditions.filter((_, j) => j !== i))} />
          {errors[`conditions.${i}`] && <span className="sd-danger-text">{errors[`conditions.${i}`]}</span>}
        </div>
      ))}
      <Button data-testid="rule-add-condition" size="small" variant="minimal" icon="add" text="Add condition" onClick={() => onChange([...conditions, { field: '', op: 'equals', value: '' }])} />
    </div>
  );
}

/** Status and choice fields compare against their known values (for equals); anything else is typed. */
function ConditionValue({ condition, fields, onChange }: { condition: RuleCondition; fields: readonly CaseFieldDef[]; onChange(value: string): void }) {
  const choices =
    condition.field === 'status'
      ? CASE_STATUSES.map((s) => ({ value: s, label: CASE_STATUS_LABEL[s] }))
      : (fields.find((f) => f.key === condition.field && f.kind === 'choice')?.options.map((o) => ({ value: o, label: o })) ?? null);
  if (choices && condition.op !== 'contains') {
    return (
      <HTMLSelect data-testid="rule-condition-value" aria-label="Value" value={condition.value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">Choose…</option>
        {condition.value && !choices.some((c) => c.value === condition.value) && <option value={condition.value}>{condition.value}</option>}
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </HTMLSelect>
    );
  }
  return <InputGroup data-testid="rule-condition-value" aria-label="Value" size="small" maxLength={500} value={condition.value} onChange={(e) => onChange(e.currentTarget.value)} />;
}
