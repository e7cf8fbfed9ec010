import { messageFor } from '../../../components/field-issues';
import { Dialog, DialogBody, FormGroup, HTMLSelect, InputGroup, Intent, TextArea } from '@blueprintjs/core';
import { useEffect, useState, type FormEvent } from 'react';
import { CASE_FIELD_KINDS, type AppError, type CaseFieldDef } from '../../../../../src-preload/contract';
import { CheckControl } from '../../../components/check-control';
import { showSuccess } from '../../../components/toaster';
import { checkFieldDraft, fieldDraftOf, keyFromLabel, KIND_LABEL, toFieldInput, type FieldDraft } from './case-field-form';
import { useReferencesStore } from './references-store';
import { SaveDialogFooter, SaveErrorCallout } from '../../../components/save-dialog-parts';
import { contractMax, limitHint } from '../../../components/field-limit';

const LABEL_MAX = contractMax('case-fields:save', 'label');

interface CaseFieldDialogProps {
  isOpen: boolean;
  field: CaseFieldDef | null;
  nextPosition: number;
  onClose(): void;
}

const CASE_FIELD_LABELS = { label: 'Label', key: 'Key', kind: 'Kind', position: 'Position', options: 'Choices', required: 'Required on every case' };

export function CaseFieldDialog({ isOpen, field, nextPosition, onClose }: CaseFieldDialogProps) {
  const [draft, setDraft] = useState<FieldDraft>(() => fieldDraftOf(field, nextPosition));
  const [keyTouched, setKeyTouched] = useState(false);
  const [checked, setChecked] = useState<Record<string, string>>({});
  const [error, setError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!isOpen) return;
    setDraft(fieldDraftOf(field, nextPosition));
    setKeyTouched(field != null);
    setChecked({});
    setError(null);
  }, [isOpen]);

  async function save(e?: FormEvent) {
    e?.preventDefault();
    if (saving) return;
    const problems = checkFieldDraft(draft);
    setChecked(problems);
    setError(null);
    if (Object.keys(problems).length) return;
    setSaving(true);
    const result = await useReferencesStore.getState().saveField(toFieldInput(draft));
    setSaving(false);
    if (!result.ok) return setError(result.error);
    showSuccess(`Case field ${result.data.label} saved.`);
    onClose();
  }

  // The draft's own checks say what is expected; the field's label goes in front, as for the core's refusals.
  const named = (k: string, m: string) => `${CASE_FIELD_LABELS[k as keyof typeof CASE_FIELD_LABELS] ?? k}: ${m[0]!.toLowerCase()}${m.slice(1)}${/[.!?]$/.test(m) ? '' : '.'}`;
  const issue = (k: string) => (checked[k] ? named(k, checked[k]) : messageFor(error?.issues, k, CASE_FIELD_LABELS));
  const set = (patch: Partial<FieldDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const intent = (k: string) => (issue(k) ? Intent.DANGER : Intent.NONE);

  return (
    <Dialog isOpen={isOpen} onClose={onClose} title={field ? `Edit ${field.label}` : 'New case field'} icon="properties" className="sd-dialog" canOutsideClickClose={!saving}>
      <form onSubmit={(e) => void save(e)} noValidate>
        <DialogBody>
          <div className="sd-dialog-grid">
            <FormGroup className="sd-field" label="Label" labelFor="case-field-label" intent={intent('label')} helperText={issue('label') ?? limitHint(LABEL_MAX, draft.label.length)}>
              <InputGroup
                id="case-field-label"
                data-testid="case-field-label"
                size="small"
                autoFocus
                maxLength={LABEL_MAX}
                value={draft.label}
                onChange={(e) => {
                  const label = e.currentTarget.value;
                  set(keyTouched ? { label } : { label, key: keyFromLabel(label) });
                }}
              />
            </FormGroup>
            <FormGroup
              className="sd-field"
              label="Key"
              labelFor="case-field-key"
              intent={intent('key')}
              helperText={issue('key') ?? (field ? 'Templates and rules refer to the field by its key.' : 'Used in templates and rules, e.g. {{case.issue_type}}.')}
            >
              <InputGroup
                id="case-field-key"
                data-testid="case-field-key"
                size="small"
                spellCheck={false}
                maxLength={40}
                className="sd-mono-input"
                value={draft.key}
                onChange={(e) => {
                  setKeyTouched(true);
                  set({ key: e.currentTarget.value });
                }}
              />
            </FormGroup>
            <FormGroup className="sd-field" label="Kind" labelFor="case-field-kind">
              <HTMLSelect id="case-field-kind" data-testid="case-field-kind" fill value={draft.kind} onChange={(e) => set({ kind: e.currentTarget.value as FieldDraft['kind'] })}>
                {CASE_FIELD_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {KIND_LABEL[k]}
                  </option>
                ))}
              </HTMLSelect>
            </FormGroup>
            <FormGroup className="sd-field" label="Position" labelFor="case-field-position" intent={intent('position')} helperText={issue('position') ?? 'Order on the case form.'}>
              <InputGroup id="case-field-position" data-testid="case-field-position" size="small" inputMode="numeric" value={draft.position} onChange={(e) => set({ position: e.currentTarget.value })} />
            </FormGroup>
            {draft.kind === 'choice' && (
              <FormGroup className="sd-field sd-span-2" label="Choices" labelFor="case-field-options" intent={intent('options')} helperText={issue('options') ?? 'One a line.'}>
                <TextArea id="case-field-options" data-testid="case-field-options" fill rows={4} value={draft.options} onChange={(e) => set({ options: e.currentTarget.value })} />
              </FormGroup>
            )}
          </div>
          <CheckControl testId="case-field-required" checked={draft.required} onChange={(required) => set({ required })} label="Required on every case" />
          {error && <SaveErrorCallout error={error} conflictTitle="Key already taken" />}
        </DialogBody>
        <SaveDialogFooter saving={saving} creating={!field} saveTestId="case-field-save" action="case-fields:save" onClose={onClose} />
      </form>
    </Dialog>
  );
}
