import { IssueLines } from '../../components/field-issues';
import { Dialog, DialogBody, FormGroup, HTMLSelect, InputGroup, Intent, TextArea } from '@blueprintjs/core';
import { useEffect, useState, type FormEvent } from 'react';
import { CASE_STATUSES, type AppError, type CaseStatus, type CaseView } from '../../../../src-preload/contract';
import { navigate } from '../../app/router';
import { showSuccess } from '../../components/toaster';
import { AddressFields } from './address-fields';
import { caseIssues, checkCaseDraft, draftFromCase, toCaseInput, type CaseDraft } from './case-draft';
import { CaseFieldInput } from './case-field-input';
import { CASE_STATUS_LABEL } from './case-format';
import { useCasesStore } from './cases-store';
import { PersonPicker } from './person-picker';
import { SaveDialogFooter, SaveErrorCallout } from '../../components/save-dialog-parts';

interface CaseEditorProps {
  isOpen: boolean;
  /** The case to edit; null creates one. */
  kase: CaseView | null;
  onClose(): void;
}

export function CaseEditor({ isOpen, kase, onClose }: CaseEditorProps) {
  const fields = useCasesStore((s) => s.fields);
  const [draft, setDraft] = useState<CaseDraft>(() => draftFromCase(kase));
  const [checked, setChecked] = useState<Record<string, string>>({});
  const [error, setError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!isOpen) return;
    setDraft(draftFromCase(kase));
    setChecked({});
    setError(null);
    void useCasesStore.getState().loadFields();
  }, [isOpen]);

  async function save(e?: FormEvent) {
    e?.preventDefault();
    if (saving) return;
    const problems = checkCaseDraft(draft, fields);
    setChecked(problems);
    setError(null);
    if (Object.keys(problems).length) return;
    setSaving(true);
    const result = await useCasesStore.getState().save(toCaseInput(draft, fields));
    setSaving(false);
    if (!result.ok) return setError(result.error);
    showSuccess(kase ? `Case #${result.data.case.id} saved.` : `Case #${result.data.case.id} created.`);
    onClose();
    if (!kase) navigate({ name: 'cases', caseId: result.data.case.id });
  }

  const { byKey, other, labels } = caseIssues(error?.issues, fields);
  const errors = { ...byKey, ...checked };
  const set = (patch: Partial<CaseDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const general = error && (other.length > 0 || Object.keys(byKey).length === 0) ? error : null;

  return (
    <Dialog isOpen={isOpen} onClose={onClose} title={kase ? `Edit case #${kase.id}` : 'New case'} icon="clipboard" className="sd-dialog sd-dialog-wide" canOutsideClickClose={!saving}>
      <form onSubmit={(e) => void save(e)} noValidate>
        <DialogBody className="sd-case-form">
          <div className="sd-dialog-grid">
            <FormGroup className="sd-field sd-span-2" label="Title" labelFor="case-title" intent={errors.title ? Intent.DANGER : Intent.NONE} helperText={errors.title}>
              <InputGroup
                id="case-title"
                data-testid="case-title"
                size="small"
                autoFocus
                maxLength={200}
                intent={errors.title ? Intent.DANGER : Intent.NONE}
                value={draft.title}
                onChange={(e) => set({ title: e.currentTarget.value })}
              />
            </FormGroup>
            <FormGroup className="sd-field sd-span-2" label="Description" labelFor="case-description" labelInfo="(optional)" helperText={errors.description}>
              <TextArea id="case-description" data-testid="case-description" fill rows={3} maxLength={10_000} value={draft.description} onChange={(e) => set({ description: e.currentTarget.value })} />
            </FormGroup>
            <FormGroup className="sd-field" label="Status" labelFor="case-status">
              <HTMLSelect id="case-status" data-testid="case-status" fill value={draft.status} onChange={(e) => set({ status: e.currentTarget.value as CaseStatus })}>
                {CASE_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {CASE_STATUS_LABEL[s]}
                  </option>
                ))}
              </HTMLSelect>
            </FormGroup>
            <FormGroup className="sd-field" label="Due date" labelFor="case-due" labelInfo="(optional)" helperText={errors.dueAt}>
              <InputGroup id="case-due" data-testid="case-due" size="small" type="date" value={draft.due} onChange={(e) => set({ due: e.currentTarget.value })} />
            </FormGroup>
            {fields.map((f) => (
              <CaseFieldInput
                key={f.key}
                field={f}
                value={draft.values[f.key] ?? ''}
                error={errors[`values.${f.key}`]}
                onChange={(v) => set({ values: { ...draft.values, [f.key]: v } })}
              />
            ))}
          </div>
          <div className="sd-section-label">Linked person</div>
          <PersonPicker personId={draft.personId} personName={draft.personName} onChange={(personId, personName) => set({ personId, personName })} />
          {errors.personId && <div className="sd-danger-text">{errors.personId}</div>}
          <div className="sd-section-label">Linked address</div>
          <AddressFields value={draft.address} errors={errors} onChange={(address) => set({ address })} />
          {general && (
            <SaveErrorCallout error={general} testId="case-error">
              <IssueLines issues={other} labels={labels} />
            </SaveErrorCallout>
          )}
        </DialogBody>
        <SaveDialogFooter
          saving={saving}
          creating={!kase}
          saveTestId="case-save"
          action="cases:save"
          onClose={onClose}
          note={<span className="sd-muted sd-footer-note">Saving runs the rules for {kase ? 'case updated' : 'case created'}.</span>}
        />
      </form>
    </Dialog>
  );
}
