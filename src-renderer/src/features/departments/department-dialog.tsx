import { messageFor } from '../../components/field-issues';
import { Dialog, DialogBody, FormGroup, InputGroup, Intent, TextArea } from '@blueprintjs/core';
import { useEffect, useState, type FormEvent } from 'react';
import type { AppError, DepartmentView } from '../../../../src-preload/contract';
import { navigate } from '../../app/router';
import { showSuccess } from '../../components/toaster';
import { useDepartmentsStore } from './departments-store';
import { SaveDialogFooter, SaveErrorCallout } from '../../components/save-dialog-parts';
import { contractMax, helpWithLimit, limitHint } from '../../components/field-limit';

const NAME_MAX = contractMax('departments:save', 'name');
const DESCRIPTION_MAX = contractMax('departments:save', 'description');

interface DepartmentDialogProps {
  isOpen: boolean;
  /** The department to edit; null creates one. */
  department: DepartmentView | null;
  onClose(): void;
}

const LABELS = { name: 'Name', description: 'Description' };

function issueFor(error: AppError | null, field: string): string | undefined {
  return messageFor(error?.issues, field, LABELS);
}

// A refused save leaves the caret in the name, so the keyboard (and Escape) keeps working.
function refocus(): void {
  requestAnimationFrame(() => document.getElementById('department-name')?.focus());
}

export function DepartmentDialog({ isOpen, department, onClose }: DepartmentDialogProps) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [nameMissing, setNameMissing] = useState(false);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!isOpen) return;
    setName(department?.name ?? '');
    setDescription(department?.description ?? '');
    setError(null);
    setNameMissing(false);
  }, [isOpen]);

  async function save(e?: FormEvent) {
    e?.preventDefault();
    if (saving) return;
    setError(null);
    if (!name.trim()) {
      setNameMissing(true);
      return refocus();
    }
    setSaving(true);
    const result = await useDepartmentsStore.getState().save({
      ...(department ? { id: department.id } : {}),
      name: name.trim(),
      description: description.trim() || null,
    });
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      return refocus();
    }
    showSuccess(department ? `Department ${result.data.name} saved.` : `Department ${result.data.name} created.`);
    onClose();
    if (!department) navigate({ name: 'departments', departmentId: result.data.id });
  }

  const nameError = nameMissing ? 'Name is required: fill it in.' : issueFor(error, 'name');
  const descriptionError = issueFor(error, 'description');
  const general = error && (error.code === 'conflict' || (!nameError && !descriptionError)) ? error : null;

  return (
    <Dialog isOpen={isOpen} onClose={onClose} title={department ? `Edit ${department.name}` : 'New department'} icon="office" className="sd-dialog" canOutsideClickClose={!saving}>
      <form onSubmit={(e) => void save(e)} noValidate>
        <DialogBody>
          <FormGroup className="sd-field" label="Name" labelFor="department-name" intent={nameError ? Intent.DANGER : Intent.NONE} helperText={nameError ?? limitHint(NAME_MAX, name.length)}>
            <InputGroup
              id="department-name"
              data-testid="department-name"
              size="small"
              autoFocus
              maxLength={NAME_MAX}
              intent={nameError ? Intent.DANGER : Intent.NONE}
              value={name}
              onChange={(e) => {
                setName(e.currentTarget.value);
                setNameMissing(false);
              }}
            />
          </FormGroup>
          <FormGroup
            className="sd-field"
            label="Description"
            labelFor="department-description"
            labelInfo="(optional)"
            intent={descriptionError ? Intent.DANGER : Intent.NONE}
            helperText={descriptionError ?? helpWithLimit('What the department is for: its products, pricing or who belongs in it.', DESCRIPTION_MAX, description.length)}
          >
            <TextArea
              id="department-description"
              data-testid="department-description"
              fill
              rows={3}
              maxLength={DESCRIPTION_MAX}
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
            />
          </FormGroup>
          {general && <SaveErrorCallout error={general} conflictTitle="Name already taken" testId="department-error" />}
        </DialogBody>
        <SaveDialogFooter saving={saving} creating={!department} saveTestId="department-save" action="departments:save" onClose={onClose} />
      </form>
    </Dialog>
  );
}
