import { messageFor } from '../../../components/field-issues';
import { Dialog, DialogBody, FormGroup, HTMLSelect, InputGroup, Intent } from '@blueprintjs/core';
import { useEffect, useState, type FormEvent } from 'react';
import { RULE_TRIGGERS, type AppError, type RuleView } from '../../../../../src-preload/contract';
import { CheckControl } from '../../../components/check-control';
import { showSuccess } from '../../../components/toaster';
import { TEMPLATE_TYPE_LABEL } from '../mappings/template-draft';
import { ConditionRows } from './condition-rows';
import { checkRuleDraft, ruleDraftOf, TRIGGER_LABEL, type RuleDraft, type RuleTrigger } from './rule-draft';
import { useRulesStore } from './rules-store';
import { SaveDialogFooter, SaveErrorCallout } from '../../../components/save-dialog-parts';
import { contractMax, limitHint } from '../../../components/field-limit';

const NAME_MAX = contractMax('rules:save', 'name');

interface RuleDialogProps {
  isOpen: boolean;
  rule: RuleView | null;
  nextPosition: number;
  onClose(): void;
}

const RULE_LABELS = { name: 'Name', trigger: 'Trigger', templateId: 'Outgoing template', conditions: 'Conditions', enabled: 'Enabled' };

export function RuleDialog({ isOpen, rule, nextPosition, onClose }: RuleDialogProps) {
  const templates = useRulesStore((s) => s.templates);
  const fields = useRulesStore((s) => s.fields);
  const [draft, setDraft] = useState<RuleDraft>(() => ruleDraftOf(rule, nextPosition));
  const [checked, setChecked] = useState<Record<string, string>>({});
  const [error, setError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!isOpen) return;
    setDraft(ruleDraftOf(rule, nextPosition));
    setChecked({});
    setError(null);
  }, [isOpen]);

  async function save(e?: FormEvent) {
    e?.preventDefault();
    if (saving) return;
    const problems = checkRuleDraft(draft);
    setChecked(problems);
    setError(null);
    if (Object.keys(problems).length) return;
    setSaving(true);
    const result = await useRulesStore.getState().save(draft);
    setSaving(false);
    if (!result.ok) return setError(result.error);
    showSuccess(`Rule ${result.data.name} saved.`);
    onClose();
  }

  const set = (patch: Partial<RuleDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const outgoing = templates.filter((t) => t.type !== 'enquiry_updated');
  const errorFor = (k: string) => checked[k] ?? messageFor(error?.issues, k, RULE_LABELS);

  return (
    <Dialog isOpen={isOpen} onClose={onClose} title={rule ? `Edit ${rule.name}` : 'New rule'} icon="automatic-updates" className="sd-dialog sd-dialog-rule" canOutsideClickClose={!saving}>
      <form onSubmit={(e) => void save(e)} noValidate>
        <DialogBody>
          <div className="sd-dialog-grid">
            <FormGroup className="sd-field" label="Name" labelFor="rule-name" intent={errorFor('name') ? Intent.DANGER : Intent.NONE} helperText={errorFor('name') ?? limitHint(NAME_MAX, draft.name.length)}>
              <InputGroup id="rule-name" data-testid="rule-name" size="small" autoFocus maxLength={NAME_MAX} intent={errorFor('name') ? Intent.DANGER : Intent.NONE} value={draft.name} onChange={(e) => set({ name: e.currentTarget.value })} />
            </FormGroup>
            <FormGroup className="sd-field" label="Trigger" labelFor="rule-trigger">
              <HTMLSelect id="rule-trigger" data-testid="rule-trigger" fill value={draft.trigger} onChange={(e) => set({ trigger: e.currentTarget.value as RuleTrigger })}>
                {RULE_TRIGGERS.map((t) => (
                  <option key={t} value={t}>
                    {TRIGGER_LABEL[t]}
                  </option>
                ))}
              </HTMLSelect>
            </FormGroup>
          </div>
          <div className="sd-section-label sd-first-label">Conditions</div>
          <ConditionRows conditions={draft.conditions} fields={fields} errors={checked} onChange={(conditions) => set({ conditions })} />
          <div className="sd-section-label">Action: Apply integration</div>
          <FormGroup
            className="sd-field"
            label="Outgoing template"
            labelFor="rule-template"
            intent={errorFor('templateId') ? Intent.DANGER : Intent.NONE}
            helperText={errorFor('templateId') ?? (outgoing.length === 0 ? 'No outgoing templates yet: create one under Mappings.' : undefined)}
          >
            <HTMLSelect id="rule-template" data-testid="rule-template" fill value={draft.templateId ?? ''} onChange={(e) => set({ templateId: e.currentTarget.value ? Number(e.currentTarget.value) : null })}>
              <option value="">Choose a template…</option>
              {outgoing.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name} — {TEMPLATE_TYPE_LABEL[t.type]}
                </option>
              ))}
            </HTMLSelect>
          </FormGroup>
          <CheckControl kind="switch" testId="rule-enabled" checked={draft.enabled} onChange={(enabled) => set({ enabled })} label="Enabled" />
          {error && <SaveErrorCallout error={error} />}
        </DialogBody>
        <SaveDialogFooter saving={saving} creating={!rule} saveTestId="rule-save" action="rules:save" onClose={onClose} />
      </form>
    </Dialog>
  );
}
