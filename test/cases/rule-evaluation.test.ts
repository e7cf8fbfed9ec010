import { describe, expect, it } from 'vitest';
import type { CaseView, RuleCondition } from '../../src-preload/contract';
import { conditionHolds, ruleMatches } from '../../src-main/cases/rule-evaluation';

const c: CaseView = {
  id: 1,
  title: 'Pothole on Mill Lane',
  description: null,
  status: 'open',
  values: { kind: 'Pothole', depth: 40, empty: '' },
  personId: null,
  personName: null,
  address: null,
  dueAt: null,
  closedAt: null,
  createdAt: 0,
  updatedAt: 0,
};
const cond = (field: string, op: RuleCondition['op'], value = ''): RuleCondition => ({ field, op, value });

describe('rule conditions', () => {
  it('compares case fields, the status and the title, case-insensitively', () => {
    expect(conditionHolds(cond('kind', 'equals', 'pothole'), c)).toBe(true);
    expect(conditionHolds(cond('kind', 'equals', 'flytip'), c)).toBe(false);
    expect(conditionHolds(cond('depth', 'equals', '40'), c)).toBe(true);
    expect(conditionHolds(cond('status', 'not_equals', 'open'), c)).toBe(false);
    expect(conditionHolds(cond('status', 'not_equals', 'new'), c)).toBe(true);
    expect(conditionHolds(cond('title', 'contains', 'mill'), c)).toBe(true);
    expect(conditionHolds(cond('title', 'contains', 'high street'), c)).toBe(false);
  });

  it('tells set from empty (missing counts as empty)', () => {
    expect(conditionHolds(cond('kind', 'is_set'), c)).toBe(true);
    expect(conditionHolds(cond('empty', 'is_set'), c)).toBe(false);
    expect(conditionHolds(cond('missing', 'is_empty'), c)).toBe(true);
    expect(conditionHolds(cond('kind', 'is_empty'), c)).toBe(false);
  });

  it('needs every condition to hold; none always matches', () => {
    expect(ruleMatches({ conditions: [] }, c)).toBe(true);
    expect(ruleMatches({ conditions: [cond('kind', 'equals', 'Pothole'), cond('status', 'equals', 'open')] }, c)).toBe(true);
    expect(ruleMatches({ conditions: [cond('kind', 'equals', 'Pothole'), cond('status', 'equals', 'closed')] }, c)).toBe(false);
  });
});
