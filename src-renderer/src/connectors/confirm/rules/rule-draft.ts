import { RULE_TRIGGERS, type ChannelInput, type RuleCondition, type RuleView } from '../../../../../src-preload/contract';

export type RuleTrigger = (typeof RULE_TRIGGERS)[number];
export type ConditionOp = RuleCondition['op'];

export const TRIGGER_LABEL: Record<RuleTrigger, string> = {
  case_created: 'Case created',
  case_updated: 'Case updated',
  attachment_added: 'Attachment added',
};

export const OP_LABEL: Record<ConditionOp, string> = {
  equals: 'equals',
  not_equals: 'does not equal',
  contains: 'contains',
  is_set: 'is set',
  is_empty: 'is empty',
};

/** Ops that compare against nothing: their value box is hidden and sent empty. */
export const VALUELESS: readonly ConditionOp[] = ['is_set', 'is_empty'];

export interface RuleDraft {
  id?: number;
  name: string;
  trigger: RuleTrigger;
  conditions: RuleCondition[];
  templateId: number | null;
  enabled: boolean;
  position: number;
}

export function ruleDraftOf(rule: RuleView | null, nextPosition: number): RuleDraft {
  if (!rule) return { name: '', trigger: 'case_created', conditions: [], templateId: null, enabled: true, position: nextPosition };
  return { id: rule.id, name: rule.name, trigger: rule.trigger, conditions: rule.conditions.map((c) => ({ ...c })), templateId: rule.templateId, enabled: rule.enabled, position: rule.position };
}

export function checkRuleDraft(draft: RuleDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!draft.name.trim()) errors.name = 'Name is required: fill it in.';
  if (draft.templateId == null) errors.templateId = 'Outgoing template is required: choose the template this rule applies.';
  draft.conditions.forEach((c, i) => {
    if (!c.field) errors[`conditions.${i}`] = 'Choose what the condition tests';
  });
  return errors;
}

export function toRuleInput(draft: RuleDraft): ChannelInput<'rules:save'> | null {
  if (draft.templateId == null) return null;
  return {
    ...(draft.id ? { id: draft.id } : {}),
    name: draft.name.trim(),
    trigger: draft.trigger,
    conditions: draft.conditions.map((c) => ({ field: c.field, op: c.op, value: VALUELESS.includes(c.op) ? '' : c.value })),
    templateId: draft.templateId,
    enabled: draft.enabled,
    position: draft.position,
  };
}

/** "status equals open and priority is set", for the list. */
export function describeConditions(conditions: readonly RuleCondition[], labelOf: (field: string) => string): string {
  if (conditions.length === 0) return 'always';
  return conditions.map((c) => `${labelOf(c.field)} ${OP_LABEL[c.op]}${VALUELESS.includes(c.op) ? '' : ` “${c.value}”`}`).join(' and ');
}
