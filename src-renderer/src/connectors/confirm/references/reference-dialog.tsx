import { messageFor } from '../../../components/field-issues';
import { Dialog, DialogBody, FormGroup, InputGroup, Intent } from '@blueprintjs/core';
import { useEffect, useState, type FormEvent } from 'react';
import type { AppError, ReferenceDef } from '../../../../../src-preload/contract';
import { CheckControl } from '../../../components/check-control';
import { showSuccess } from '../../../components/toaster';
import { useReferencesStore } from './references-store';
import { SaveDialogFooter, SaveErrorCallout } from '../../../components/save-dialog-parts';
import { contractMax, helpWithLimit } from '../../../components/field-limit';

const NAME_MAX = contractMax('references:save', 'name');

export function ReferenceDialog({ isOpen, reference, onClose }: { isOpen: boolean; reference: ReferenceDef | null; onClose(): void }) {
  const [name, setName] = useState('');
  const [showOnCase, setShowOnCase] = useState(true);
  const [error, setError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!isOpen) return;
    setName(reference?.name ?? '');
    setShowOnCase(reference?.showOnCase ?? true);
    setError(null);
  }, [isOpen]);

  async function save(e?: FormEvent) {
    e?.preventDefault();
    if (saving) return;
    if (!name.trim()) return setError({ code: 'invalid_input', message: 'Name is required: fill it in.' });
    setSaving(true);
    const result = await useReferencesStore.getState().saveReference({ ...(reference ? { id: reference.id } : {}), name: name.trim(), showOnCase });
    setSaving(false);
    if (!result.ok) return setError(result.error);
    showSuccess(`Reference ${result.data.name} saved.`);
    onClose();
  }

  // A refusal about the name is shown under it; any other (a name taken, the core unreachable) in the callout.
  const nameProblem = error ? (messageFor(error.issues, 'name', { name: 'Name' }) ?? (error.code === 'invalid_input' && !error.issues?.length ? error.message : undefined)) : undefined;
  return (
    <Dialog isOpen={isOpen} onClose={onClose} title={reference ? `Edit ${reference.name}` : 'New Reference'} icon="tag" className="sd-dialog" canOutsideClickClose={!saving}>
      <form onSubmit={(e) => void save(e)} noValidate>
        <DialogBody>
          <FormGroup
            className="sd-field"
            label="Name"
            labelFor="reference-name"
            intent={error ? Intent.DANGER : Intent.NONE}
            helperText={nameProblem ?? helpWithLimit('What the number is, e.g. Enquiry Number. Templates store and find Enquiry numbers in it.', NAME_MAX, name.length)}
          >
            <InputGroup id="reference-name" data-testid="reference-name" size="small" autoFocus maxLength={NAME_MAX} value={name} onChange={(e) => setName(e.currentTarget.value)} />
          </FormGroup>
          <CheckControl testId="reference-show-on-case" checked={showOnCase} onChange={setShowOnCase} label="Show on case details" />
          {error && !nameProblem && <SaveErrorCallout error={error} conflictTitle="Name already taken" />}
        </DialogBody>
        <SaveDialogFooter saving={saving} creating={!reference} saveTestId="reference-save" action="references:save" onClose={onClose} />
      </form>
    </Dialog>
  );
}
