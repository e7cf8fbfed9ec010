// Conditions of a rule, all of which must hold: on a case field (by key), the status or the title.
import type { CaseView, RuleCondition, RuleView } from '../../src-preload/contract';

function valueOf(c: CaseView, field: string): string {
  if (field === 'status') return c.status;
  if (field === 'title') return c.title;
  const v = c.values[field];
  return v === null || v === undefined ? '' : String(v);
}

export function conditionHolds(cond: RuleCondition, c: CaseView): boolean {
  const v = valueOf(c, cond.field).trim();
  const want = cond.value.trim();
  switch (cond.op) {
    case 'equals':
      return v.toLowerCase() === want.toLowerCase();
    case 'not_equals':
      return v.toLowerCase() !== want.toLowerCase();
    case 'contains':
      return v.toLowerCase().includes(want.toLowerCase());
    case 'is_set':
      return v !== '';
    case 'is_empty':
      return v === '';
  }
}

export function ruleMatches(rule: Pick<RuleView, 'conditions'>, c: CaseView): boolean {
  return rule.conditions.every((cond) => conditionHolds(cond, c));
}
