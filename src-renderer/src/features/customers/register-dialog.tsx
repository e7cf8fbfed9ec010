import { Button, Callout, Dialog, DialogBody, DialogFooter, FormGroup, InputGroup, Intent } from '@blueprintjs/core';
import { useEffect, useState, type FormEvent } from 'react';
import type { AppError, RegistrationForm } from '../../../../src-preload/contract';
import { navigate } from '../../app/router';
import { useCustomersStore } from './customers-store';
import { ErrorBody } from '../../components/field-issues';
import { limitHint } from '../../components/field-limit';
import { checkDraft, EMPTY_DRAFT, fieldErrorsFrom, REGISTRATION_LABELS, REGISTRATION_LIMITS, registrationPlan, toRegistrationInput, type DraftField, type FieldErrors, type RegistrationDraft } from './registration';
import { RoleButton } from '../../components/role-gate';

interface FieldProps {
  field: DraftField;
  label: string;
  testId: string;
  draft: RegistrationDraft;
  errors: FieldErrors;
  required?: boolean;
  type?: string;
  autoFocus?: boolean;
  onChange(field: DraftField, value: string): void;
  className?: string;
}

function Field({ field, label, testId, draft, errors, required, type = 'text', autoFocus, onChange, className }: FieldProps) {
  const error = errors[field];
  const id = `register-${field}`;
  return (
    <FormGroup
      className={`sd-field ${className ?? ''}`}
      label={label}
      labelFor={id}
      labelInfo={required ? <span className="sd-required">required</span> : '(optional)'}
      intent={error ? Intent.DANGER : Intent.NONE}
      helperText={error ?? limitHint(REGISTRATION_LIMITS[field]?.maxLength, draft[field].length) ?? undefined}
    >
      <InputGroup
        id={id}
        data-testid={testId}
        size="small"
        type={type}
        maxLength={REGISTRATION_LIMITS[field]?.maxLength}
        required={required}
        spellCheck={false}
        autoFocus={autoFocus}
        intent={error ? Intent.DANGER : Intent.NONE}
        value={draft[field]}
        onChange={(e) => onChange(field, e.currentTarget.value)}
      />
    </FormGroup>
  );
}

function GeneralError({ error, other, labels }: { error: AppError; other: { path: string; message: string }[]; labels: Record<string, string> }) {
  const conflict = error.code === 'conflict';
  return (
    <Callout intent={conflict ? 'warning' : 'danger'} compact icon={conflict ? 'duplicate' : 'error'} title={conflict ? 'Already registered' : 'Not registered'} className="sd-compact-callout" data-testid="register-error" data-code={error.code}>
      <ErrorBody error={error} other={other} labels={labels} />
    </Callout>
  );
}

const FIELD_ORDER: readonly DraftField[] = ['email', 'firstName', 'lastName', 'company', 'phone', 'costCode'];

/** Puts the caret in the first field to fix, so the keyboard (and Escape) keeps working after a refused submit. */
function focusField(errors: FieldErrors): void {
  const first = FIELD_ORDER.find((f) => errors[f]) ?? 'email';
  requestAnimationFrame(() => document.getElementById(`register-${first}`)?.focus());
}

export function RegisterDialog({ isOpen, onClose }: { isOpen: boolean; onClose(): void }) {
  const cachedForm = useCustomersStore((s) => s.form);
  const formError = useCustomersStore((s) => s.formError);
  const [form, setForm] = useState<RegistrationForm | null>(cachedForm);
  const [draft, setDraft] = useState<RegistrationDraft>(EMPTY_DRAFT);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [serverError, setServerError] = useState<AppError | null>(null);
  const [submitting, setSubmitting] = useState(false);

  // The rules are CERM settings that may have changed since the screen opened: read them afresh each time.
  useEffect(() => {
    if (!isOpen) return;
    setDraft(EMPTY_DRAFT);
    setErrors({});
    setServerError(null);
    useCustomersStore.getState().dismissOutcome();
    void useCustomersStore.getState().loadForm().then((fresh) => fresh && setForm(fresh));
  }, [isOpen]);

  const shownForm = form ?? cachedForm;
  const label = shownForm?.costCodeLabel ?? 'Cost code';
  const onChange = (field: DraftField, value: string) => {
    setDraft((d) => ({ ...d, [field]: value }));
    if (errors[field]) setErrors(({ [field]: _gone, ...rest }) => rest);
  };

  async function submit(e?: FormEvent) {
    e?.preventDefault();
    if (submitting) return;
    const blocking = checkDraft(draft, shownForm);
    setErrors(blocking);
    setServerError(null);
    if (Object.keys(blocking).length > 0) return focusField(blocking);
    setSubmitting(true);
    const input = toRegistrationInput(draft);
    const result = await useCustomersStore.getState().register(input);
    setSubmitting(false);
    if (!result.ok) {
      const fields = fieldErrorsFrom(result.error, shownForm?.costCodeLabel).fields;
      setErrors(fields);
      setServerError(result.error);
      return focusField(fields);
    }
    onClose();
    await useCustomersStore.getState().reloadList();
    navigate({ name: 'customers', customerId: result.data.customerId });
  }

  const blockingCount = Object.keys(errors).length;
  const other = serverError ? fieldErrorsFrom(serverError).other : [];
  // Inputs stay enabled while submitting: a disabled input drops the focus, and with it Escape and Enter.
  const common = { draft, errors, onChange };

  return (
    <Dialog isOpen={isOpen} onClose={onClose} title="Register customer" icon="new-person" className="sd-dialog" canOutsideClickClose={!submitting}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <DialogBody>
          {shownForm ? (
            <Callout compact icon="info-sign" className="sd-compact-callout sd-plan" data-testid="register-plan">
              {registrationPlan(shownForm)}
            </Callout>
          ) : (
            formError && (
              <Callout compact intent="warning" className="sd-compact-callout">
                Could not read the registration rules ({formError.message}); the core still applies them on submit.
              </Callout>
            )
          )}
          <div className="sd-dialog-grid">
            <Field {...common} field="email" label="Email" testId="register-email" type="email" required autoFocus className="sd-span-2" />
            <Field {...common} field="firstName" label="First name" testId="register-first-name" required />
            <Field {...common} field="lastName" label="Last name" testId="register-last-name" required />
            <Field {...common} field="company" label="Company" testId="register-company" />
            <Field {...common} field="phone" label="Phone" testId="register-phone" type="tel" />
            <Field {...common} field="costCode" label={label} testId="register-cost-code" required={shownForm?.costCodeRequired} />
          </div>
          {serverError && <GeneralError error={serverError} other={other} labels={{ ...REGISTRATION_LABELS, costCode: label }} />}
        </DialogBody>
        <DialogFooter
          minimal
          actions={
            <>
              {blockingCount > 0 && !serverError && <span className="sd-danger-text">Fill in the marked field{blockingCount === 1 ? '' : 's'} to register.</span>}
              <Button text="Cancel" size="small" disabled={submitting} onClick={onClose} />
              <RoleButton action="customers:register" data-testid="register-submit" type="submit" intent="primary" size="small" icon="new-person" text="Register" loading={submitting} />
            </>
          }
        />
      </form>
    </Dialog>
  );
}
