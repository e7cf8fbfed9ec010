import { create } from 'zustand';
import type { AppError, CaseFieldDef, Result, RuleView, TemplateView } from '../../../../../src-preload/contract';
import { api } from '../../../api/client';
import { settle } from '../../../api/call';
import { sortFields } from '../../../features/cases/cases-store';
import { toRuleInput, type RuleDraft } from './rule-draft';

interface RulesState {
  rules: RuleView[];
  templates: TemplateView[];
  fields: CaseFieldDef[];
  loaded: boolean;
  loadError: AppError | null;
  load(): Promise<void>;
  save(draft: RuleDraft): Promise<Result<RuleView>>;
  remove(id: number): Promise<Result<{ deleted: boolean }>>;
}

let loadSeq = 0;

export const sortRules = (rules: readonly RuleView[]) => [...rules].sort((a, b) => a.position - b.position || a.id - b.id);

export const useRulesStore = create<RulesState>()((set, get) => ({
  rules: [],
  templates: [],
  fields: [],
  loaded: false,
  loadError: null,

  async load() {
    const seq = ++loadSeq;
    const [rules, templates, fields] = await Promise.all([settle(api().rulesList({})), settle(api().templatesList({})), settle(api().caseFieldsList({}))]);
    if (seq !== loadSeq) return;
    set({
      rules: rules.ok ? sortRules(rules.data) : get().rules,
      templates: templates.ok ? templates.data : get().templates,
      fields: fields.ok ? sortFields(fields.data) : get().fields,
      loaded: true,
      loadError: [rules, templates, fields].find((r) => !r.ok)?.error ?? null,
    });
  },

  async save(draft) {
    const input = toRuleInput(draft);
    if (!input) return { ok: false, error: { code: 'invalid_input', message: 'Choose the outgoing template to apply.' } };
    const result = await settle(api().rulesSave(input));
    if (result.ok) set({ rules: sortRules([...get().rules.filter((r) => r.id !== result.data.id), result.data]) });
    return result;
  },

  async remove(id) {
    const result = await settle(api().rulesDelete({ id }));
    if (result.ok) set({ rules: get().rules.filter((r) => r.id !== id) });
    return result;
  },
}));
