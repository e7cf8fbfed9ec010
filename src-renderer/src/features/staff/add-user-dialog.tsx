import { Button, Callout, Dialog, DialogBody, DialogFooter, FormGroup, HTMLSelect, InputGroup, Intent, Radio, RadioGroup } from '@blueprintjs/core';
import { useEffect, useState, type FormEvent } from 'react';
import { ROLE_LABELS, STAFF_ROLES, type AppError, type StaffRole, type StaffUserView } from '../../../../src-preload/contract';
import { messageFor } from '../../components/field-issues';
import { SaveDialogFooter, SaveErrorCallout } from '../../components/save-dialog-parts';
import { generatedPassword } from './generated-password';
import { ROLE_HELP } from './role-help';
import { useUsersStore } from './users-store';

const LABELS = { email: 'Email', name: 'Name', role: 'Role', password: 'Password' };
const FIELDS = Object.keys(LABELS);

/** Adds a staff user; a generated first password is shown once, after the user is added, for the admin to hand on. */
export function AddUserDialog({ isOpen, onClose }: { isOpen: boolean; onClose(): void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<StaffRole>('viewer');
  const [passwordKind, setPasswordKind] = useState<'generate' | 'type'>('generate');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);
  const [added, setAdded] = useState<{ user: StaffUserView; password: string | null } | null>(null);

  useEffect(() => {
    if (!isOpen) return;
    setEmail('');
    setName('');
    setRole('viewer');
    setPasswordKind('generate');
    setPassword('');
    setError(null);
    setAdded(null);
  }, [isOpen]);

  async function save(e?: FormEvent) {
    e?.preventDefault();
    if (saving) return;
    const first = passwordKind === 'generate' ? generatedPassword() : password;
    setSaving(true);
    setError(null);
    const r = await useUsersStore.getState().add({ email, name, role, password: first });
    setSaving(false);
    if (!r.ok) return setError(r.error);
    setPassword('');
    setAdded({ user: r.data, password: passwordKind === 'generate' ? first : null });
  }

  const issue = (key: string) => messageFor(error?.issues, key, LABELS);
  const fieldError = (key: string) => ({ intent: issue(key) ? Intent.DANGER : Intent.NONE, helperText: issue(key) });
  const general = error && (error.issues ?? []).every((i) => !FIELDS.includes(i.path.split('.')[0]!)) ? error : null;

  if (added)
    return (
      <Dialog isOpen={isOpen} onClose={onClose} title={`${added.user.email} added`} icon="person" className="sd-dialog">
        <DialogBody>
          <p>
            {added.user.name} can sign in as {ROLE_LABELS[added.user.role]}.
          </p>
          {added.password ? (
            <Callout intent="warning" compact title="Their first password, shown only now" data-testid="user-generated-password-callout">
              <p>Hand it to them in person or over a channel you trust; SyncDesk keeps only its Argon2id hash.</p>
              <code className="sd-mono-cell" data-testid="user-generated-password">
                {added.password}
              </code>{' '}
              <Button size="small" icon="duplicate" text="Copy" onClick={() => void navigator.clipboard?.writeText(added.password!)} />
            </Callout>
          ) : (
            <p className="sd-muted">They sign in with the password you typed.</p>
          )}
        </DialogBody>
        <DialogFooter minimal actions={<Button intent="primary" size="small" text="Done" data-testid="user-added-done" onClick={onClose} />} />
      </Dialog>
    );

  return (
    <Dialog isOpen={isOpen} onClose={onClose} title="Add a staff user" icon="new-person" className="sd-dialog" canOutsideClickClose={!saving}>
      <form onSubmit={(e) => void save(e)} noValidate>
        <DialogBody>
          <FormGroup className="sd-field" label={LABELS.email} labelFor="user-email" {...fieldError('email')}>
            <InputGroup id="user-email" data-testid="user-email" size="small" type="email" autoFocus maxLength={254} value={email} intent={fieldError('email').intent} onValueChange={setEmail} />
          </FormGroup>
          <FormGroup className="sd-field" label={LABELS.name} labelFor="user-name" {...fieldError('name')}>
            <InputGroup id="user-name" data-testid="user-name" size="small" maxLength={120} value={name} intent={fieldError('name').intent} onValueChange={setName} />
          </FormGroup>
          <FormGroup className="sd-field" label={LABELS.role} labelFor="user-role" intent={fieldError('role').intent} helperText={issue('role') ?? ROLE_HELP[role]}>
            <HTMLSelect id="user-role" data-testid="user-role" value={role} onChange={(e) => setRole(e.currentTarget.value as StaffRole)}>
              {STAFF_ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </HTMLSelect>
          </FormGroup>
          <RadioGroup label="First password" name="user-password-kind" selectedValue={passwordKind} onChange={(e) => setPasswordKind(e.currentTarget.value as 'generate' | 'type')} inline>
            <Radio value="generate" label="Generate one (shown once)" data-testid="user-password-generate" />
            <Radio value="type" label="Type one" data-testid="user-password-type" />
          </RadioGroup>
          {passwordKind === 'type' && (
            <FormGroup className="sd-field" label={LABELS.password} labelFor="user-password" {...fieldError('password')} helperText={issue('password') ?? 'At least 12 characters.'}>
              <InputGroup id="user-password" data-testid="user-password" size="small" type="password" autoComplete="new-password" value={password} intent={fieldError('password').intent} onValueChange={setPassword} />
            </FormGroup>
          )}
          {general && <SaveErrorCallout error={general} conflictTitle="Already a user" testId="user-add-error" />}
        </DialogBody>
        <SaveDialogFooter saving={saving} creating saveTestId="user-add-save" action="staff:add" onClose={onClose} />
      </form>
    </Dialog>
  );
}
